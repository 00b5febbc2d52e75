using Nethereum.RPC.TransactionManagers;

namespace Vaults.Chain;

/// <summary>Re-reading an account's nonce from the node through Nethereum's <c>INonceService</c>, for any transaction manager.</summary>
public static class NonceResync
{
    /// <summary>
    /// Makes the next send re-read the nonce from the node (after a dropped transaction, a reorg, or a send that may or may not have consumed
    /// its nonce). A manager whose account has no nonce service yet reads it from the node on its first send anyway.
    /// </summary>
    public static Task ResetNonceAsync(this ITransactionManager transactionManager) =>
        transactionManager.Account?.NonceService is { } nonces ? nonces.ResetNonceAsync() : Task.CompletedTask;
}
