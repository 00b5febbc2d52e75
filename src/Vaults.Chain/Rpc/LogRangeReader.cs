using Nethereum.JsonRpc.Client;
using Nethereum.RPC;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Chain;

/// <summary>
/// <c>eth_getLogs</c> (Nethereum's) over a long block range in bounded chunks. Public nodes cap the range or the result count of one call
/// (Infura's -32005 "limit exceeded", Alchemy's "range too large"...); a refused chunk is halved, down to one block, and
/// the smaller size is kept for the rest of the range. Logs come back in block order, as one call would return them.
/// </summary>
/// <param name="eth">The node.</param>
/// <param name="chunkSize">Blocks per call to start with.</param>
public sealed class LogRangeReader(IEthApiService eth, ulong chunkSize = LogRangeReader.DefaultChunkSize)
{
    /// <summary>Blocks per call unless told otherwise: within every public provider's documented cap we know of.</summary>
    public const ulong DefaultChunkSize = 2_000;

    private ulong _chunkSize = Math.Max(1, chunkSize);

    /// <summary>The current chunk size (smaller than the initial one after refused ranges).</summary>
    public ulong ChunkSize => _chunkSize;

    /// <summary>Every log matching <paramref name="filter"/> (its block range is ignored) in [<paramref name="fromBlock"/>, <paramref name="toBlock"/>].</summary>
    /// <exception cref="RpcResponseException">Any failure other than a refused range, or a refused single block.</exception>
    public async Task<IReadOnlyList<FilterLog>> GetLogsAsync(NewFilterInput filter, ulong fromBlock, ulong toBlock, CancellationToken ct = default)
    {
        var logs = new List<FilterLog>();
        var next = fromBlock;
        while (next <= toBlock)
        {
            ct.ThrowIfCancellationRequested();
            var to = toBlock - next < _chunkSize ? toBlock : next + _chunkSize - 1;
            var range = new NewFilterInput { Address = filter.Address, Topics = filter.Topics, FromBlock = new BlockParameter(next), ToBlock = new BlockParameter(to) };
            try
            {
                logs.AddRange(await eth.GetLogsAsync(range, ct).ConfigureAwait(false));
            }
            catch (RpcResponseException e) when (IsRangeTooLarge(e) && to > next)
            {
                _chunkSize = Math.Max(1, (to - next + 1) / 2);
                continue; // the same start, a smaller range
            }
            if (to == toBlock) break; // also ends the loop when toBlock is ulong.MaxValue
            next = to + 1;
        }
        return logs;
    }

    /// <summary>True for the errors providers return when an eth_getLogs range or result set is too large.</summary>
    public static bool IsRangeTooLarge(RpcResponseException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.RpcError?.Code == -32005) return true; // "limit exceeded" (Infura, and others)
        string[] hints = ["range", "too many", "too large", "limit", "exceed", "max results", "response size"];
        var message = e.RpcError?.Message ?? e.Message;
        return hints.Any(h => message.Contains(h, StringComparison.OrdinalIgnoreCase));
    }
}
