using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.Eth.Transactions;
using Nethereum.RPC.TransactionManagers;
using Nethereum.RPC.TransactionReceipts;

namespace Vaults.Chain;

/// <summary>
/// Nethereum's receipt service (<see cref="ITransactionReceiptService"/>, the extension point every contract handler waits through) with
/// two additions: a timeout (<see cref="TransactionReceiptTimeoutException"/>), and a failed receipt (status 0) is not handed back as a
/// success: the transaction is replayed with <c>eth_call</c> at its block to recover the revert reason, and
/// <see cref="TransactionRevertedException"/> carries the receipt and the decoded error. Deployments go through Nethereum's own service.
/// </summary>
public sealed class RevertReplayingReceiptService : ITransactionReceiptService
{
    private readonly ITransactionManager _transactionManager;
    private readonly TransactionReceiptPollingService _nethereum;
    private readonly TimeSpan _timeout;
    private TimeSpan _interval;

    /// <summary>Polls every <paramref name="pollInterval"/> for at most <paramref name="timeout"/>.</summary>
    public RevertReplayingReceiptService(ITransactionManager transactionManager, TimeSpan pollInterval, TimeSpan timeout)
    {
        _transactionManager = transactionManager ?? throw new ArgumentNullException(nameof(transactionManager));
        _interval = pollInterval;
        _timeout = timeout;
        _nethereum = new TransactionReceiptPollingService(transactionManager, (int)pollInterval.TotalMilliseconds);
    }

    private IClient Client => _transactionManager.Client;

    /// <inheritdoc />
    public async Task<TransactionReceipt> PollForReceiptAsync(string transaction, CancellationToken cancellationToken = default)
    {
        var receipt = await ReceiptPolling.WaitAsync(new global::Nethereum.RPC.EthApiService(Client), transaction, _interval, _timeout, cancellationToken).ConfigureAwait(false);
        if (receipt.Succeeded()) return receipt;
        throw new TransactionRevertedException(receipt, await ReplayAsync(receipt, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Re-runs a failed transaction as eth_call at its block; the decoded revert, or null when the call passes there.</summary>
    private async Task<Exception?> ReplayAsync(TransactionReceipt receipt, CancellationToken cancellationToken)
    {
        var sent = await new EthGetTransactionByHash(Client).SendRequestAsync(receipt.TransactionHash).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (sent is null) return null;
        var call = new CallInput { From = sent.From, To = sent.To, Data = sent.Input, Value = sent.Value, Gas = sent.Gas };
        try
        {
            await new EthCall(Client).SendRequestAsync(call, new BlockParameter(receipt.BlockNumber)).WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RpcResponseException e)
        {
            return RevertData.ToException(e);
        }
    }

    /// <inheritdoc />
    public async Task<TransactionReceipt> SendRequestAndWaitForReceiptAsync(Func<Task<string>> transactionFunction, CancellationToken cancellationToken = default) =>
        await PollForReceiptAsync(await transactionFunction().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<TransactionReceipt> SendRequestAndWaitForReceiptAsync(TransactionInput transactionInput, CancellationToken cancellationToken = default) =>
        SendRequestAndWaitForReceiptAsync(() => _transactionManager.SendTransactionAsync(transactionInput), cancellationToken);

    /// <inheritdoc />
    public async Task<List<TransactionReceipt>> SendRequestsAndWaitForReceiptAsync(IEnumerable<TransactionInput> transactionInputs, CancellationToken cancellationToken = default)
    {
        var receipts = new List<TransactionReceipt>();
        foreach (var input in transactionInputs) receipts.Add(await SendRequestAndWaitForReceiptAsync(input, cancellationToken).ConfigureAwait(false));
        return receipts;
    }

    /// <inheritdoc />
    public async Task<List<TransactionReceipt>> SendRequestsAndWaitForReceiptAsync(IEnumerable<Func<Task<string>>> transactionFunctions, CancellationToken cancellationToken = default)
    {
        var receipts = new List<TransactionReceipt>();
        foreach (var send in transactionFunctions) receipts.Add(await SendRequestAndWaitForReceiptAsync(send, cancellationToken).ConfigureAwait(false));
        return receipts;
    }

    /// <inheritdoc />
    public Task<TransactionReceipt> DeployContractAndWaitForReceiptAsync(Func<Task<string>> deployFunction, CancellationToken cancellationToken = default) =>
        _nethereum.DeployContractAndWaitForReceiptAsync(deployFunction, cancellationToken);

    /// <inheritdoc />
    public Task<TransactionReceipt> DeployContractAndWaitForReceiptAsync(TransactionInput transactionInput, CancellationToken cancellationToken = default) =>
        _nethereum.DeployContractAndWaitForReceiptAsync(transactionInput, cancellationToken);

    /// <inheritdoc />
    public Task<string> DeployContractAndGetAddressAsync(Func<Task<string>> deployFunction, CancellationToken cancellationToken = default) =>
        _nethereum.DeployContractAndGetAddressAsync(deployFunction, cancellationToken);

    /// <inheritdoc />
    public int GetPollingRetryIntervalInMilliseconds() => (int)_interval.TotalMilliseconds;

    /// <inheritdoc />
    public void SetPollingRetryIntervalInMilliseconds(int retryMilliseconds)
    {
        _interval = TimeSpan.FromMilliseconds(retryMilliseconds);
        _nethereum.SetPollingRetryIntervalInMilliseconds(retryMilliseconds);
    }

    /// <inheritdoc />
    public Task<TransactionReceipt> ValidateDeploymentTransactionReceipt(TransactionReceipt transactionReceipt) =>
        _nethereum.ValidateDeploymentTransactionReceipt(transactionReceipt);
}
