using System.ComponentModel.DataAnnotations;

namespace Vaults.Keeper.Scanning;

/// <summary>Options of the <see cref="FactoryEventScanner"/> (section <c>Keeper:Scanner</c>).</summary>
public sealed class FactoryScannerOptions
{
    /// <summary>The factory's deployment block: where the first scan starts.</summary>
    public ulong StartBlock { get; set; }

    /// <summary>Blocks per eth_getLogs call; halved (down to 1) on a "range too large" / "too many results" error.</summary>
    [Range(1, 1_000_000)]
    public int ChunkSize { get; set; } = 2_000;

    /// <summary>eth_call requests per JSON-RPC batch when refreshing liquidation prices.</summary>
    [Range(1, 10_000)]
    public int PriceBatchSize { get; set; } = 200;

    /// <summary>Stored checkpoints compared with the chain per JSON-RPC batch, newest first, when looking for the common block after a reorg.</summary>
    [Range(1, 10_000)]
    public int ReorgSearchCheckpoints { get; set; } = 64;

    /// <summary>
    /// Blocks behind the head below which the reorg history (checkpoints, vault versions) is pruned. A reorg deeper than this finds no
    /// stored checkpoint and starts the scan over from <see cref="StartBlock"/>: slower, still correct.
    /// </summary>
    [Range(1, 1_000_000)]
    public int FinalityDepth { get; set; } = 128;
}
