using Microsoft.Extensions.Logging;

namespace Vaults.Keeper.Liquidation;

/// <summary>The executor's source-generated log messages. Event ids: 1100-1199 liquidation. Never logs keys or signed payloads.</summary>
internal static partial class LiquidationLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Confirmed {Confirmed} of {Candidates} candidates liquidatable: {Vaults}")]
    public static partial void Confirmed(ILogger logger, int confirmed, int candidates, IReadOnlyList<string> vaults);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Sent liquidateBatch {TransactionHash} for {Count} vaults: {Vaults}")]
    public static partial void BatchSent(ILogger logger, string transactionHash, int count, IReadOnlyList<string> vaults);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Liquidated {Vault} in {TransactionHash} ({Kind}, at {Price}, keeper fee {KeeperFee}, bad debt {BadDebt})")]
    public static partial void VaultLiquidated(ILogger logger, string vault, string transactionHash, string kind, string price, string keeperFee, string badDebt);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "liquidateBatch {TransactionHash} mined in block {BlockNumber}: {Liquidated} liquidated, {Skipped} skipped (already done), gas {GasUsed}; skipped {SkippedVaults}")]
    public static partial void BatchMined(ILogger logger, string transactionHash, ulong blockNumber, int liquidated, int skipped, string gasUsed, IReadOnlyList<string> skippedVaults);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "Oracle price rejected at {Stage} ({Error}); nothing sent for {Vaults}")]
    public static partial void PriceRejected(ILogger logger, string stage, string error, IReadOnlyList<string> vaults);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Reverted at {Stage} ({Error}); nothing sent for {Vaults}")]
    public static partial void Reverted(ILogger logger, string stage, string error, IReadOnlyList<string> vaults);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Error, Message = "liquidateBatch {TransactionHash} reverted in block {BlockNumber} ({Error}) for {Vaults}")]
    public static partial void BatchReverted(ILogger logger, string transactionHash, ulong blockNumber, string error, IReadOnlyList<string> vaults);

    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "RPC error at {Stage} ({ErrorType}: {Error}) for {Vaults}")]
    public static partial void RpcFailed(ILogger logger, string stage, string errorType, string error, IReadOnlyList<string> vaults);

    [LoggerMessage(EventId = 1130, Level = LogLevel.Warning, Message = "liquidateBatch {TransactionHash} stuck: replaced by {Replacement} (nonce {Nonce}, maxFeePerGas {MaxFee}, tip {Tip})")]
    public static partial void Replaced(ILogger logger, string transactionHash, string replacement, ulong nonce, string maxFee, string tip);

    [LoggerMessage(EventId = 1132, Level = LogLevel.Warning, Message = "liquidateBatch {TransactionHash} still not mined: stopped waiting and re-read the nonce from the node; {Vaults} stay in flight until it is mined, dropped or replaced")]
    public static partial void GaveUpWaiting(ILogger logger, string transactionHash, IReadOnlyList<string> vaults);

    [LoggerMessage(EventId = 1131, Level = LogLevel.Warning, Message = "liquidateBatch {TransactionHash} stuck, not replaced: {Error}")]
    public static partial void ReplacementRefused(ILogger logger, string transactionHash, string error);

    [LoggerMessage(EventId = 1140, Level = LogLevel.Information, Message = "another keeper liquidated {Vaults} first ({Stage}: NothingLiquidated); they are done")]
    public static partial void LostRace(ILogger logger, string stage, IReadOnlyList<string> vaults);
}
