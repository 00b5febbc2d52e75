using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.Blocks;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Keeper.Scanning;

/// <summary>Block hashes by number, as the chain has them now (lower-case hex; null for a block the chain does not have).</summary>
internal sealed class ChainHeaders(IWeb3 web3)
{
    /// <summary>The hash of block <paramref name="number"/>.</summary>
    public async Task<string?> HashAsync(ulong number, CancellationToken ct) =>
        (await web3.Eth.GetBlockByNumberAsync(new BlockParameter(number), ct).ConfigureAwait(false))?.BlockHash.ToLowerInvariant();

    /// <summary>The hashes of <paramref name="numbers"/>, in one JSON-RPC batch (a deep reorg is searched a page at a time).</summary>
    public async Task<IReadOnlyList<string?>> HashesAsync(IReadOnlyList<ulong> numbers, CancellationToken ct)
    {
        if (numbers.Count == 0) return [];
        var handler = new EthGetBlockWithTransactionsHashesByNumber(web3.Client);
        var items = numbers.Select((n, i) => new RpcRequestResponseBatchItem<EthGetBlockWithTransactionsHashesByNumber, BlockWithTransactionHashes>(
            handler, handler.BuildRequest(new BlockParameter(n), i + 1))).ToList();
        var batch = new RpcRequestResponseBatch();
        batch.BatchItems.AddRange(items);
        await web3.Client.SendBatchRequestAsync(batch).WaitAsync(ct).ConfigureAwait(false);
        return [.. items.Select(item => item.Response?.BlockHash?.ToLowerInvariant())];
    }
}
