using Microsoft.Extensions.Logging;

namespace Vaults.Keeper.Hosting;

/// <summary>The daemon's source-generated log messages. Event ids: 1300-1399. Never logs keys, passwords or signed payloads.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Keeper {Keeper} on chain {ChainId}, factory {Factory}, shard {Shard}, database {Database}")]
    public static partial void Starting(ILogger logger, string keeper, long chainId, string factory, string shard, string database);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Synced at block {Block}: {Vaults} vaults indexed (scan from block {FromBlock})")]
    public static partial void Synced(ILogger logger, ulong block, int vaults, long fromBlock);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Round at block {Block}, prices {Prices}: {Candidates} candidates, {Liquidated} liquidated, {Skipped} skipped, outcome {Outcome}, {LatencyMs} ms after the trigger")]
    public static partial void Round(ILogger logger, ulong block, string prices, int candidates, int liquidated, int skipped, string outcome, double latencyMs);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Round failed ({ErrorType}: {Error}); retrying in {DelayMs} ms")]
    public static partial void RoundFailed(ILogger logger, string errorType, string error, double delayMs);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "RPC attempt {Attempt} failed ({Error}); retrying in {DelayMs} ms")]
    public static partial void RpcRetry(ILogger logger, int attempt, double delayMs, string error);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "{Trigger} trigger failed ({Error}); restarting it in {DelayMs} ms")]
    public static partial void TriggerFailed(ILogger logger, string trigger, string error, double delayMs);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Debug, Message = "Price update observed in block {Block} ({Source})")]
    public static partial void PriceObserved(ILogger logger, ulong block, string source);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information, Message = "In-flight liquidation {TransactionHash} {Origin}: {State}")]
    public static partial void InFlightResolved(ILogger logger, string transactionHash, string origin, string state);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Critical, Message = "Keeper stopped on an error it cannot retry: {Error}")]
    public static partial void Fatal(ILogger logger, string error);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Debug, Message = "{Count} crossed vaults have a liquidation in flight; not sent again: {Vaults}")]
    public static partial void InFlightSkipped(ILogger logger, int count, IReadOnlyList<string> vaults);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Information, Message = "Health and metrics on http://127.0.0.1:{Port}/healthz and /metrics")]
    public static partial void HttpListening(ILogger logger, int port);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Information, Message = "Keeper stopped at block {Block} after {Rounds} rounds, {Liquidations} liquidations")]
    public static partial void Stopped(ILogger logger, long block, long rounds, long liquidations);
}
