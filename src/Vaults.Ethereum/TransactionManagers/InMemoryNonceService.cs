using System.Numerics;
using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.TransactionManagers;

/// <summary>
/// Reads the account's pending transaction count once, then counts locally. Unlike Nethereum's
/// (issues #1030, #1061), the transaction manager resets it after any failed send, so a nonce that the node
/// did not take, or took for a reverting transaction, never leaves the counter wrong.
/// </summary>
public sealed class InMemoryNonceService(Address account, EthApiService eth) : INonceService
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private BigInteger? _next;

    /// <inheritdoc />
    public async Task<BigInteger> GetNextNonceAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _next ??= (await eth.GetTransactionCountAsync(account.ToLowerHex(), BlockParameter.CreatePending(), cancellationToken).ConfigureAwait(false)).Value;
            var nonce = _next.Value;
            _next = nonce + 1;
            return nonce;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <inheritdoc />
    public async Task ResetNonceAsync(CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _next = null;
        _lock.Release();
    }
}
