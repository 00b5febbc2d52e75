using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.TransactionManagers;

/// <summary>Polls eth_getTransactionReceipt until the receipt exists, the timeout passes, or the caller cancels.</summary>
public sealed class TransactionReceiptPollingService(EthApiService eth, TimeSpan pollInterval, TimeSpan timeout)
{
    /// <summary>Waits for the receipt of <paramref name="transactionHash"/>.</summary>
    /// <exception cref="TransactionReceiptTimeoutException">No receipt within the timeout.</exception>
    public async Task<TransactionReceipt> PollForReceiptAsync(string transactionHash, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var receipt = await eth.GetTransactionReceiptAsync(transactionHash, deadline.Token).ConfigureAwait(false);
                if (receipt is not null) return receipt;
                await Task.Delay(pollInterval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransactionReceiptTimeoutException(transactionHash, timeout);
        }
    }
}
