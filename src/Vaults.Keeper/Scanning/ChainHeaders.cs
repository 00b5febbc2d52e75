using Vaults.Ethereum;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Keeper.Scanning;

/// <summary>Block hashes by number, as the chain has them now (lower-case hex; null for a block the chain does not have).</summary>
internal sealed class ChainHeaders(IWeb3 web3)
{
    /// <summary>The hash of block <paramref name="number"/>.</summary>
    public async Task<string?> HashAsync(ulong number, CancellationToken ct) =>
        (await web3.Eth.GetBlockByNumberAsync(new BlockParameter(number), ct).ConfigureAwait(false))?.Hash.ToLowerInvariant();

    /// <summary>The hashes of <paramref name="numbers"/>, in one JSON-RPC batch (a deep reorg is searched a page at a time).</summary>
    public async Task<IReadOnlyList<string?>> HashesAsync(IReadOnlyList<ulong> numbers, CancellationToken ct)
    {
        if (numbers.Count == 0) return [];
        var requests = numbers.Select(n => new RpcRequest("eth_getBlockByNumber", new BlockParameter(n), false)).ToList();
        var responses = await web3.Client.SendBatchAsync(requests, ct).ConfigureAwait(false);
        return [.. responses.Select(r => r.GetResult<BlockWithTransactionHashes?>()?.Hash.ToLowerInvariant())];
    }
}
