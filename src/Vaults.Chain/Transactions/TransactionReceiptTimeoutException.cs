namespace Vaults.Chain;

/// <summary>No receipt arrived in time; the transaction may still be pending (replace it or wait longer).</summary>
public sealed class TransactionReceiptTimeoutException(string transactionHash, TimeSpan timeout)
    : TimeoutException($"No receipt for transaction {transactionHash} after {timeout.TotalSeconds:0.#} s; it may still be pending.")
{
    /// <summary>The hash that was being waited for.</summary>
    public string TransactionHash { get; } = transactionHash;
}
