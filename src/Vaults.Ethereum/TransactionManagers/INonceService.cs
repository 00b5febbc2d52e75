using System.Numerics;

namespace Vaults.Ethereum.TransactionManagers;

/// <summary>Hands out nonces for one account (Nethereum's name). Thread-safe.</summary>
public interface INonceService
{
    /// <summary>The next nonce to use; each call returns a new one.</summary>
    Task<BigInteger> GetNextNonceAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets the local counter, so the next call re-reads the account's pending nonce from the node.</summary>
    Task ResetNonceAsync(CancellationToken cancellationToken = default);
}
