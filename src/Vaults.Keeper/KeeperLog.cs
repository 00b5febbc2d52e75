using Microsoft.Extensions.Logging;

namespace Vaults.Keeper;

/// <summary>The keeper's source-generated log messages. Event ids: 1200-1299 index and scanner.</summary>
internal static partial class KeeperLog
{
    // Debug: every round scans the new blocks, and an idle block is not news (ScanFinished says what a scan found).
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Scanning factory events from block {FromBlock} to {ToBlock}")]
    public static partial void ScanStarted(ILogger logger, ulong fromBlock, ulong toBlock);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Blocks {FromBlock}-{ToBlock}: {Events} events, {Vaults} vaults indexed")]
    public static partial void ChunkCommitted(ILogger logger, ulong fromBlock, ulong toBlock, int events, int vaults);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "eth_getLogs over {Blocks} blocks refused ({Error}); retrying with {NextBlocks}")]
    public static partial void ChunkHalved(ILogger logger, ulong blocks, string error, ulong nextBlocks);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Reorg: stored block {Block} has hash {StoredHash}, the chain has {ChainHash}; rewound to block {RewoundTo}")]
    public static partial void ReorgRewound(ILogger logger, ulong block, string storedHash, string? chainHash, ulong rewoundTo);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Reorg: stored block {Block} has hash {StoredHash}, the chain has {ChainHash}, and no stored checkpoint is on the chain any more; index cleared, rescanning from block {StartBlock}")]
    public static partial void ReorgBelowCheckpoints(ILogger logger, ulong block, string storedHash, string? chainHash, ulong startBlock);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "Blocks {FromBlock}-{ToBlock} changed while they were read (the last one's hash was {HashBefore}, then {HashAfter}); reading them again")]
    public static partial void ChunkReorged(ILogger logger, ulong fromBlock, ulong toBlock, string hashBefore, string? hashAfter);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Debug, Message = "Pruned the reorg history below block {Block}")]
    public static partial void Pruned(ILogger logger, ulong block);

    /// <remarks>The level is the caller's: Information when the scan found events, Debug for blocks without any (one a second otherwise).</remarks>
    [LoggerMessage(EventId = 1204, Message = "Scan done at block {Block}: {Events} events in {Chunks} chunks, {Vaults} vaults indexed")]
    public static partial void ScanFinished(ILogger logger, LogLevel level, ulong block, int events, int chunks, int vaults);
}
