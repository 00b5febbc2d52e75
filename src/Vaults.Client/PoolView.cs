using Vaults.Chain;

namespace Vaults.Client;

/// <summary>The liquidity pool in tokens, and one account's share of it.</summary>
/// <param name="TotalAssets">Tokens the pool holds for its LPs.</param>
/// <param name="FreeLiquidity">Tokens not reserved for open positions' maximum profit (what LPs can withdraw).</param>
/// <param name="TotalShares">LP shares outstanding.</param>
/// <param name="Account">The account the last three figures are for, if any.</param>
/// <param name="AccountShares">Its shares.</param>
/// <param name="AccountAssets">What its shares are worth in tokens.</param>
/// <param name="AccountMaxWithdraw">What it can withdraw now (capped by free liquidity).</param>
public sealed record PoolView(
    decimal TotalAssets, decimal FreeLiquidity, decimal TotalShares,
    Address? Account, decimal AccountShares, decimal AccountAssets, decimal AccountMaxWithdraw);

/// <summary>The oracle's latest round.</summary>
/// <param name="Price">The answer in quote units.</param>
/// <param name="RoundId">The round.</param>
/// <param name="UpdatedAt">When it was posted.</param>
/// <param name="Description">The feed's description, e.g. "ETH / USD".</param>
public sealed record PriceView(decimal Price, ulong RoundId, DateTimeOffset UpdatedAt, string Description)
{
    /// <summary>The market whose feed this is (<c>ETH-USD</c>).</summary>
    public string Market { get; init; } = "";
    /// <summary>Whether the market can use the price now for every flow (filled by <see cref="VaultsClient.GetPriceStatusAsync"/>).</summary>
    public bool Usable { get; init; } = true;

    /// <summary>Why it cannot, in one line (stale, circuit breaker tripped, broken answer); null when usable.</summary>
    public string? Problem { get; init; }

    /// <summary>Seconds between the round and the latest block.</summary>
    public long AgeSeconds { get; init; }

    /// <summary>The market's heartbeat: the oldest a usable price may be, in seconds.</summary>
    public long HeartbeatSeconds { get; init; }

    /// <summary>The market's circuit breaker: the most the price may move against its reference round, in percent (0: none).</summary>
    public decimal MaxDeviationPercent { get; init; }
}

/// <summary>What a transaction did: its hash and block, and the vault it concerns if any.</summary>
public sealed record TransactionResult(string TransactionHash, long BlockNumber, Address? Vault = null)
{
    /// <summary>Gas the transaction used.</summary>
    public long GasUsed { get; init; }

    /// <summary>The tokens it moved, when it moved a chosen amount (a deposit, a withdrawal).</summary>
    public decimal? Amount { get; init; }
}
