using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using Vaults.Contracts.Deployment;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;

namespace Vaults.Client;

/// <summary>
/// Turns what the node and the contracts answer into one line a person can act on: custom errors by name with
/// their arguments in tokens and prices, plain reverts by reason, and unreachable nodes by URL.
/// </summary>
public static class ContractErrors
{
    /// <summary>Describes <paramref name="e"/> when it is a revert or an RPC failure; false for anything else (a bug).</summary>
    /// <param name="e">What was thrown.</param>
    /// <param name="tokenDecimals">The settlement token's decimals; null when unknown (token amounts are then shown in base units, never guessed).</param>
    /// <param name="message">The one line.</param>
    public static bool TryDescribe(Exception e, int? tokenDecimals, [NotNullWhen(true)] out string? message)
    {
        message = e switch
        {
            TransactionRevertedException { InnerException: { } reason } when TryDescribe(reason, tokenDecimals, out var inner) => inner,
            TransactionRevertedException r => $"Transaction {r.Receipt.TransactionHash} reverted.",
            SmartContractCustomErrorRevertException c => Describe(c, tokenDecimals),
            SmartContractRevertException r => $"The contract refused: {r.RevertMessage ?? FirstLine(r.Message)}.",
            HttpRequestException h => $"Cannot reach the Ethereum node ({FirstLine(h.Message)}); is it running?",
            _ when RpcFailures.Is(e) => $"The node refused or did not answer: {RpcFailures.Reason(e)}",
            _ => null,
        };
        return message is not null;
    }

    /// <summary>
    /// One line for a custom error, amounts converted to tokens (token units) or prices (18-decimal values). Without
    /// <paramref name="tokenDecimals"/> token amounts stay in base units and say so: a guess of 18 would print a
    /// 6-decimal token's 1,000 as 0.000000001.
    /// </summary>
    public static string Describe(SmartContractCustomErrorRevertException e, int? tokenDecimals)
    {
        // Decoded by Nethereum against every error DTO the generator emitted (an error may come from a contract the call reached).
        var decoded = CustomErrors.Decode(e, Contracts.GeneratedContractErrors.All);
        var arguments = decoded?.Arguments ?? [];
        string Arg(int i) => arguments.Count > i ? arguments[i].Value?.ToString() ?? "" : "";
        string Tokens(int i) => arguments.Count > i && arguments[i].Value is BigInteger v
            ? tokenDecimals is { } d ? Units.Format(v, d) : $"{v} base units"
            : Arg(i);
        string Wad(int i) => arguments.Count > i && arguments[i].Value is BigInteger v ? Units.Format(v, 18) : Arg(i);
        // An 18-decimal quote value (equity, a price) as people read it: to the cent, never 1009.999999999999999908.
        string Cents(int i) => arguments.Count > i && arguments[i].Value is BigInteger v
            ? Amount.Cents(decimal.Round(Amount.FromBaseUnits(v, 18), 2, MidpointRounding.AwayFromZero)) : Arg(i);
        long Seconds(int i) => arguments.Count > i && arguments[i].Value is BigInteger v && v <= long.MaxValue ? (long)v : 0;
        string Time(int i) => DateTimeOffset.FromUnixTimeSeconds(Seconds(i)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

        return decoded?.Name switch
        {
            "ZeroSize" => "The size must be greater than zero.",
            "ZeroAmount" => "The amount must be greater than zero.",
            "MarketPaused" => $"Market {Arg(0)} is paused: opening and increasing are stopped (closing and adding margin still work).",
            "VaultNotOpen" => $"Vault {Arg(0)} is not open.",
            "NotVaultOwner" => $"Not the owner: {Arg(0)} cannot act on a vault owned by {Arg(1)}.",
            "InsufficientInitialMargin" => $"Not enough margin: equity {Cents(0)} is below the required {Cents(1)} (the initial margin plus the close fee, in quote units): lower the leverage or add collateral.",
            "SlippageExceeded" => $"The price {Cents(0)} is worse than the acceptable price {Cents(1)}.",
            "OpenInterestCapExceeded" => $"Open interest cap reached: {Wad(0)} would exceed the cap of {Wad(1)}.",
            "InsufficientPoolLiquidity" => $"The pool's free liquidity ({Tokens(1)}) cannot cover this position's maximum profit ({Tokens(0)}).",
            "NotLiquidatable" => $"Vault {Arg(0)} is healthy: it cannot be liquidated at the current price.",
            "NothingLiquidated" => "None of the vaults could be liquidated (healthy, already liquidated, or their market has no usable price).",
            "BatchOutOfGas" => $"The batch ran out of gas at vault {Arg(0)}: send it with more gas or fewer vaults.",
            "NothingToClaim" => $"Vault {Arg(0)} has nothing to claim (it is still open, or was already claimed).",
            "TokenTransferShortfall" => $"The token delivered less than sent: {Arg(0)} holds {Tokens(1)}, needs {Tokens(2)} (tokens with a fee on transfer are not supported).",
            "SharesInCooldown" => $"The LP shares of {Arg(0)} are locked until {Arg(1)} (a deposit's cooldown): try again after it.",
            "DepositForHolder" => $"Cannot deposit for {Arg(0)}: it already holds shares (deposit from that account itself).",
            "InvalidCooldown" => $"Cooldown {Arg(0)} s is outside the pool's bounds (1 s to 7 days).",
            "RenounceDisabled" => "Renouncing ownership is disabled for this contract (it would freeze its configuration).",
            "SideTotalsOverflow" => "The market side's totals would overflow their storage: the position is far too large.",
            "CollateralBelowMinimum" => $"Collateral {Tokens(0)} is below the market minimum of {Tokens(1)}.",
            "SizeBelowMinimum" => $"Size {Wad(0)} is below the market minimum of {Wad(1)}.",
            "InsufficientCollateral" => $"Cannot remove {Tokens(0)}: the vault holds {Tokens(1)}.",
            "StalePrice" => $"The oracle price is stale: posted {Time(0)}, {Amount.Age(Seconds(2) - Seconds(0))} before the latest block, and the market accepts prices at most {Amount.Age(Seconds(1))} old: post a new price first.",
            "PriceDeviationTooLarge" => $"The circuit breaker is tripped: the price moved from {Cents(0)} to {Cents(1)} within a minute (at most {Seconds(2) / 100m}% is allowed); opening, increasing and removing margin wait, closing, reducing and adding margin work.",
            "InvalidPrice" => $"The oracle answer {Arg(0)} is not a valid price.",
            "NotReporter" => $"{Arg(0)} is not an authorised price reporter of this oracle.",
            "AnswerOutOfRange" => $"The price {Arg(0)} is out of the oracle's range.",
            "ERC20InsufficientBalance" => $"Balance too low: {Arg(0)} holds {Tokens(1)}, needs {Tokens(2)}.",
            "ERC20InsufficientAllowance" => $"Allowance too low: {Tokens(1)} approved, {Tokens(2)} needed.",
            "ERC4626ExceededMaxWithdraw" => $"Cannot withdraw {Tokens(1)}: at most {Tokens(2)} is withdrawable now (free liquidity).",
            "ERC4626ExceededMaxRedeem" => $"Cannot redeem {Arg(1)} shares: at most {Arg(2)} now.",
            "OwnableUnauthorizedAccount" => $"{Arg(0)} is not the owner of this contract.",
            null => $"The contract refused with an unknown error {CustomErrors.Selector(e)}.",
            var name => $"The contract refused: {name}({string.Join(", ", arguments.Select(a => $"{a.Key}: {a.Value}"))}).",
        };
    }

    /// <summary>The first line of a message, trimmed (RPC errors can carry whole stack traces from the node).</summary>
    public static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        return line.Length > 300 ? line[..300] + "..." : line;
    }

    internal static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
