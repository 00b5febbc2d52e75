using Microsoft.Extensions.Logging;

namespace Vaults.Keeper.Markets;

/// <summary>Log messages about the markets the keeper follows. Event ids: 1400-1419.</summary>
internal static partial class MarketLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Watching market {MarketId} ({Market}) on feed {Feed} ({Why})")]
    public static partial void Watching(ILogger logger, uint marketId, string market, string feed, string why);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Market {MarketId}: its feed {Feed} cannot be read ({Error}); the other markets go on, retried next round")]
    public static partial void FeedUnreadable(ILogger logger, uint marketId, string feed, string error);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Market {Market}: no usable price ({Error}); its vaults wait, the other markets go on")]
    public static partial void PriceUnusable(ILogger logger, string market, string error);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Information, Message = "Market {Market}: price usable again")]
    public static partial void PriceRecovered(ILogger logger, string market);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Market {Market}: liquidations suspended ({Error}); a round is scheduled at its end, in {DelayMs} ms")]
    public static partial void SuspensionScheduled(ILogger logger, string market, string error, double delayMs);
}
