using System.Diagnostics;
using Nethereum.RPC;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Chain;

/// <summary>Waiting for a receipt with a poll interval, a timeout and a <see cref="CancellationToken"/> (Nethereum's poller has no timeout).</summary>
public static class ReceiptPolling
{
    /// <summary>The receipt of <paramref name="hash"/>, whatever its status.</summary>
    /// <exception cref="TransactionReceiptTimeoutException">None within <paramref name="timeout"/>.</exception>
    public static async Task<TransactionReceipt> WaitAsync(IEthApiService eth, string hash, TimeSpan interval, TimeSpan timeout, CancellationToken ct)
    {
        var since = Stopwatch.GetTimestamp();
        while (true)
        {
            if (await eth.GetTransactionReceiptAsync(hash, ct).ConfigureAwait(false) is { } receipt) return receipt;
            if (Stopwatch.GetElapsedTime(since) >= timeout) throw new TransactionReceiptTimeoutException(hash, timeout);
            await Task.Delay(interval, ct).ConfigureAwait(false);
        }
    }
}
