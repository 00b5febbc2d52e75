using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Chain;

/// <summary>
/// Nethereum's eth_* request handlers with a <see cref="CancellationToken"/> (Nethereum 6.1's RPC calls take none): each is one call into
/// <c>web3.Eth</c>, and the token stops the wait (an HTTP request already on the wire finishes in the background).
/// </summary>
public static class EthApiExtensions
{
    /// <summary>eth_chainId.</summary>
    public static Task<HexBigInteger> ChainIdAsync(this IEthApiService eth, CancellationToken ct = default) =>
        eth.ChainId.SendRequestAsync().WaitAsync(ct);

    /// <summary>eth_blockNumber.</summary>
    public static Task<HexBigInteger> BlockNumberAsync(this IEthApiService eth, CancellationToken ct = default) =>
        eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(ct);

    /// <summary>eth_getBlockByNumber without transaction bodies; null when the node has no such block.</summary>
    public static Task<BlockWithTransactionHashes?> GetBlockByNumberAsync(this IEthApiService eth, BlockParameter block, CancellationToken ct = default) =>
        eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(block).WaitAsync(ct)!;

    /// <summary>eth_getBlockByHash without transaction bodies; null when the node has no such block.</summary>
    public static Task<BlockWithTransactionHashes?> GetBlockByHashAsync(this IEthApiService eth, string blockHash, CancellationToken ct = default) =>
        eth.Blocks.GetBlockWithTransactionsHashesByHash.SendRequestAsync(blockHash).WaitAsync(ct)!;

    /// <summary>eth_getTransactionByHash; null when the node does not know the transaction.</summary>
    public static Task<Transaction?> GetTransactionByHashAsync(this IEthApiService eth, string hash, CancellationToken ct = default) =>
        eth.Transactions.GetTransactionByHash.SendRequestAsync(hash).WaitAsync(ct)!;

    /// <summary>eth_getTransactionReceipt; null while the transaction is pending or unknown.</summary>
    public static Task<TransactionReceipt?> GetTransactionReceiptAsync(this IEthApiService eth, string hash, CancellationToken ct = default) =>
        eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash).WaitAsync(ct)!;

    /// <summary>eth_getTransactionCount at <paramref name="block"/> (latest by default).</summary>
    public static Task<HexBigInteger> GetTransactionCountAsync(this IEthApiService eth, string address, BlockParameter? block = null, CancellationToken ct = default) =>
        eth.Transactions.GetTransactionCount.SendRequestAsync(address, block ?? BlockParameter.CreateLatest()).WaitAsync(ct);

    /// <summary>eth_getBalance at <paramref name="block"/> (latest by default).</summary>
    public static Task<HexBigInteger> GetBalanceAsync(this IEthApiService eth, string address, BlockParameter? block = null, CancellationToken ct = default) =>
        eth.GetBalance.SendRequestAsync(address, block ?? BlockParameter.CreateLatest()).WaitAsync(ct);

    /// <summary>eth_getCode as bytes (empty: no contract there).</summary>
    public static async Task<byte[]> GetCodeAsync(this IEthApiService eth, string address, BlockParameter? block = null, CancellationToken ct = default) =>
        (await eth.GetCode.SendRequestAsync(address, block ?? BlockParameter.CreateLatest()).WaitAsync(ct).ConfigureAwait(false)).HexToByteArray();

    /// <summary>eth_getLogs.</summary>
    public static Task<FilterLog[]> GetLogsAsync(this IEthApiService eth, NewFilterInput filter, CancellationToken ct = default) =>
        eth.Filters.GetLogs.SendRequestAsync(filter).WaitAsync(ct);

    /// <summary>eth_call at <paramref name="block"/> (latest by default), the return data as bytes.</summary>
    public static async Task<byte[]> CallAsync(this IEthApiService eth, CallInput call, BlockParameter? block = null, CancellationToken ct = default) =>
        (await eth.Transactions.Call.SendRequestAsync(call, block ?? BlockParameter.CreateLatest()).WaitAsync(ct).ConfigureAwait(false)).HexToByteArray();

    /// <summary>eth_sendRawTransaction of a signed transaction in hex.</summary>
    public static Task<string> SendRawTransactionAsync(this IEthApiService eth, string signedTransactionHex, CancellationToken ct = default) =>
        eth.Transactions.SendRawTransaction.SendRequestAsync(signedTransactionHex.EnsureHexPrefix()).WaitAsync(ct);

    /// <summary>eth_feeHistory over the last <paramref name="blockCount"/> blocks.</summary>
    public static Task<FeeHistoryResult> FeeHistoryAsync(this IEthApiService eth, int blockCount, BlockParameter? newestBlock = null, decimal[]? rewardPercentiles = null, CancellationToken ct = default) =>
        eth.FeeHistory.SendRequestAsync(new HexBigInteger(blockCount), newestBlock ?? BlockParameter.CreateLatest(), rewardPercentiles ?? []).WaitAsync(ct);
}
