using System.Numerics;
using System.Text.Json;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.RPC.Eth;

/// <summary>
/// The <c>eth_*</c> methods over an <see cref="IClient"/>: Nethereum's <c>web3.Eth</c> flattened into one service with
/// cancellable async methods (<c>web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()</c> becomes <c>eth.BlockNumberAsync(ct)</c>).
/// Addresses are strings (an <see cref="Util.Address"/> converts implicitly). Block parameters default to "latest".
/// </summary>
public class EthApiService(IClient client)
{
    /// <summary>The default tip when the node has neither <c>eth_maxPriorityFeePerGas</c> nor usable fee history: 1 gwei.</summary>
    public static readonly BigInteger DefaultPriorityFee = 1_000_000_000;

    /// <summary>The underlying client.</summary>
    public IClient Client { get; } = client ?? throw new ArgumentNullException(nameof(client));

    private Task<T> Send<T>(CancellationToken ct, string method, params object?[] args) => Client.SendRequestAsync<T>(new RpcRequest(method, args), ct);

    private static BlockParameter Latest(BlockParameter? block) => block ?? BlockParameter.CreateLatest();

    /// <summary><c>eth_chainId</c>.</summary>
    public Task<HexBigInteger> ChainIdAsync(CancellationToken ct = default) => Send<HexBigInteger>(ct, "eth_chainId");

    /// <summary><c>eth_blockNumber</c>: the latest block number.</summary>
    public Task<HexBigInteger> BlockNumberAsync(CancellationToken ct = default) => Send<HexBigInteger>(ct, "eth_blockNumber");

    /// <summary><c>eth_getBalance</c> in wei.</summary>
    public Task<HexBigInteger> GetBalanceAsync(string address, BlockParameter? block = null, CancellationToken ct = default) =>
        Send<HexBigInteger>(ct, "eth_getBalance", address, Latest(block));

    /// <summary><c>eth_getTransactionCount</c> (use "pending" for the next nonce).</summary>
    public Task<HexBigInteger> GetTransactionCountAsync(string address, BlockParameter? block = null, CancellationToken ct = default) =>
        Send<HexBigInteger>(ct, "eth_getTransactionCount", address, Latest(block));

    /// <summary><c>eth_getCode</c>: the deployed bytecode (empty for an account without code).</summary>
    public async Task<byte[]> GetCodeAsync(string address, BlockParameter? block = null, CancellationToken ct = default) =>
        HexConvert.ToBytes(await Send<string>(ct, "eth_getCode", address, Latest(block)).ConfigureAwait(false));

    /// <summary><c>eth_getStorageAt</c>: one 32-byte storage slot.</summary>
    public async Task<byte[]> GetStorageAtAsync(string address, BigInteger slot, BlockParameter? block = null, CancellationToken ct = default) =>
        HexConvert.ToBytes(await Send<string>(ct, "eth_getStorageAt", address, new HexBigInteger(slot), Latest(block)).ConfigureAwait(false));

    /// <summary><c>eth_call</c>: the raw return data. A revert throws <see cref="RpcResponseException"/> (see <see cref="RpcResponseException.GetRevertData"/>).</summary>
    public async Task<byte[]> CallAsync(CallInput call, BlockParameter? block = null, CancellationToken ct = default) =>
        HexConvert.ToBytes(await Send<string>(ct, "eth_call", call, Latest(block)).ConfigureAwait(false));

    /// <summary><c>eth_estimateGas</c>. A revert throws <see cref="RpcResponseException"/> with the revert data.</summary>
    public Task<HexBigInteger> EstimateGasAsync(TransactionInput transaction, CancellationToken ct = default) =>
        Send<HexBigInteger>(ct, "eth_estimateGas", transaction);

    /// <summary><c>eth_gasPrice</c>.</summary>
    public Task<HexBigInteger> GasPriceAsync(CancellationToken ct = default) => Send<HexBigInteger>(ct, "eth_gasPrice");

    /// <summary>
    /// <c>eth_maxPriorityFeePerGas</c>. When the node lacks it (an error such as -32601), falls back to the median 50th-percentile reward
    /// of the last 5 blocks from <c>eth_feeHistory</c>, then to <see cref="DefaultPriorityFee"/>.
    /// </summary>
    public async Task<HexBigInteger> MaxPriorityFeePerGasAsync(CancellationToken ct = default)
    {
        try
        {
            return await Send<HexBigInteger>(ct, "eth_maxPriorityFeePerGas").ConfigureAwait(false);
        }
        catch (RpcResponseException)
        {
        }
        try
        {
            var history = await FeeHistoryAsync(5, BlockParameter.CreateLatest(), [50], ct).ConfigureAwait(false);
            var rewards = (history.Reward ?? []).Where(r => r.Length > 0).Select(r => r[0].Value).Order().ToArray();
            if (rewards.Length > 0 && !rewards[rewards.Length / 2].IsZero) return new HexBigInteger(rewards[rewards.Length / 2]);
        }
        catch (RpcResponseException)
        {
        }
        return new HexBigInteger(DefaultPriorityFee);
    }

    /// <summary><c>eth_feeHistory</c> over <paramref name="blockCount"/> blocks ending at <paramref name="newestBlock"/>.</summary>
    public Task<FeeHistory> FeeHistoryAsync(int blockCount, BlockParameter? newestBlock = null, double[]? rewardPercentiles = null, CancellationToken ct = default) =>
        Send<FeeHistory>(ct, "eth_feeHistory", new HexBigInteger(blockCount), Latest(newestBlock), rewardPercentiles ?? []);

    /// <summary><c>eth_sendRawTransaction</c>: returns the transaction hash.</summary>
    public Task<string> SendRawTransactionAsync(byte[] signedTransaction, CancellationToken ct = default) =>
        Send<string>(ct, "eth_sendRawTransaction", signedTransaction);

    /// <summary><c>eth_sendRawTransaction</c> with "0x" hex: returns the transaction hash.</summary>
    public Task<string> SendRawTransactionAsync(string signedTransactionHex, CancellationToken ct = default) =>
        Send<string>(ct, "eth_sendRawTransaction", signedTransactionHex.EnsureHexPrefix());

    /// <summary><c>eth_sendTransaction</c> (node-managed or impersonated accounts): returns the transaction hash.</summary>
    public Task<string> SendTransactionAsync(TransactionInput transaction, CancellationToken ct = default) =>
        Send<string>(ct, "eth_sendTransaction", transaction);

    /// <summary><c>eth_getTransactionReceipt</c>: null while the transaction is pending or unknown.</summary>
    public Task<TransactionReceipt?> GetTransactionReceiptAsync(string transactionHash, CancellationToken ct = default) =>
        Send<TransactionReceipt?>(ct, "eth_getTransactionReceipt", transactionHash);

    /// <summary><c>eth_getTransactionByHash</c>: null when unknown.</summary>
    public Task<Transaction?> GetTransactionByHashAsync(string transactionHash, CancellationToken ct = default) =>
        Send<Transaction?>(ct, "eth_getTransactionByHash", transactionHash);

    /// <summary><c>eth_getBlockByNumber</c> with transaction hashes: null when the block does not exist.</summary>
    public Task<BlockWithTransactionHashes?> GetBlockByNumberAsync(BlockParameter block, CancellationToken ct = default) =>
        Send<BlockWithTransactionHashes?>(ct, "eth_getBlockByNumber", block, false);

    /// <summary><c>eth_getBlockByHash</c> with transaction hashes: null when the block does not exist.</summary>
    public Task<BlockWithTransactionHashes?> GetBlockByHashAsync(string blockHash, CancellationToken ct = default) =>
        Send<BlockWithTransactionHashes?>(ct, "eth_getBlockByHash", blockHash, false);

    /// <summary><c>eth_getLogs</c>. Providers cap ranges: chunk large ranges.</summary>
    public Task<FilterLog[]> GetLogsAsync(NewFilterInput filter, CancellationToken ct = default) =>
        Send<FilterLog[]>(ct, "eth_getLogs", filter);

    /// <summary><c>eth_newFilter</c>: returns the filter id.</summary>
    public Task<HexBigInteger> NewFilterAsync(NewFilterInput filter, CancellationToken ct = default) =>
        Send<HexBigInteger>(ct, "eth_newFilter", filter);

    /// <summary><c>eth_newBlockFilter</c>: returns the filter id.</summary>
    public Task<HexBigInteger> NewBlockFilterAsync(CancellationToken ct = default) => Send<HexBigInteger>(ct, "eth_newBlockFilter");

    /// <summary><c>eth_getFilterChanges</c> for a log filter: the logs since the last poll.</summary>
    public Task<FilterLog[]> GetFilterChangesAsync(HexBigInteger filterId, CancellationToken ct = default) =>
        Send<FilterLog[]>(ct, "eth_getFilterChanges", filterId);

    /// <summary><c>eth_getFilterChanges</c> for a block filter: the new block hashes since the last poll.</summary>
    public Task<string[]> GetBlockFilterChangesAsync(HexBigInteger filterId, CancellationToken ct = default) =>
        Send<string[]>(ct, "eth_getFilterChanges", filterId);

    /// <summary><c>eth_getFilterLogs</c>: every log matching a log filter.</summary>
    public Task<FilterLog[]> GetFilterLogsAsync(HexBigInteger filterId, CancellationToken ct = default) =>
        Send<FilterLog[]>(ct, "eth_getFilterLogs", filterId);

    /// <summary><c>eth_uninstallFilter</c>: true when the filter existed.</summary>
    public Task<bool> UninstallFilterAsync(HexBigInteger filterId, CancellationToken ct = default) =>
        Send<bool>(ct, "eth_uninstallFilter", filterId);
}
