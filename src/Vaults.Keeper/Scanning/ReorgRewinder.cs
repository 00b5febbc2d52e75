using Microsoft.Extensions.Logging;
using Vaults.Keeper.Index;
using Vaults.Keeper.Storage;

namespace Vaults.Keeper.Scanning;

/// <summary>
/// Before a scan: compares the stored checkpoint's hash with the chain and, after a reorg, rewinds the store (and reloads the index)
/// to the newest stored checkpoint the chain still has, paging back through the checkpoints <see cref="FactoryScannerOptions.ReorgSearchCheckpoints"/>
/// at a time (one JSON-RPC batch per page). When none matches, the reorg went below everything stored: the store is cleared and the scan
/// starts again from the deployment block. Never rewinds to a block it has not checked.
/// </summary>
internal sealed class ReorgRewinder(ChainHeaders headers, VaultIndex index, VaultIndexStore store, FactoryScannerOptions options, ILogger logger)
{
    /// <summary>The checkpoint to continue from (null: scan from the start) and, after a reorg, the block kept (0 when the store was cleared).</summary>
    public async Task<(BlockCheckpoint? Checkpoint, ulong? RewoundTo)> CheckAsync(CancellationToken ct)
    {
        var last = await store.GetLastCheckpointAsync(ct).ConfigureAwait(false);
        if (last is null) return (null, null);
        var chainHash = await headers.HashAsync(last.Number, ct).ConfigureAwait(false);
        if (SameHash(chainHash, last.Hash)) return (last, null);

        var common = await NewestOnChainAsync(last.Number, ct).ConfigureAwait(false);
        BlockCheckpoint? kept;
        if (common is null)
        {
            await store.ClearAsync(ct).ConfigureAwait(false);
            kept = null;
        }
        else
        {
            kept = await store.RewindAsync(common.Number, ct).ConfigureAwait(false);
        }
        await store.LoadIntoAsync(index, ct).ConfigureAwait(false);
        if (kept is null) KeeperLog.ReorgBelowCheckpoints(logger, last.Number, last.Hash, chainHash, options.StartBlock);
        else KeeperLog.ReorgRewound(logger, last.Number, last.Hash, chainHash, kept.Number);
        return (kept, kept?.Number ?? 0);
    }

    /// <summary>The newest stored checkpoint below <paramref name="below"/> whose hash the chain still has, or null when there is none.</summary>
    private async Task<BlockCheckpoint?> NewestOnChainAsync(ulong below, CancellationToken ct)
    {
        while (true)
        {
            var page = await store.GetCheckpointsBeforeAsync(below, options.ReorgSearchCheckpoints, ct).ConfigureAwait(false);
            if (page.Count == 0) return null;
            var hashes = await headers.HashesAsync([.. page.Select(c => c.Number)], ct).ConfigureAwait(false);
            for (int i = 0; i < page.Count; i++)
                if (SameHash(hashes[i], page[i].Hash)) return page[i];
            below = page[^1].Number;
        }
    }

    private static bool SameHash(string? chain, string stored) => string.Equals(chain, stored, StringComparison.OrdinalIgnoreCase);
}
