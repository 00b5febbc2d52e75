using Vaults.Keeper.Index;
using Vaults.Keeper.Liquidation;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>What a keeper does when the oracle reports a new price: find the liquidatable vaults and liquidate them.</summary>
internal interface IPriceUpdateKeeper
{
    /// <summary>A short name for the tables.</summary>
    string Name { get; }

    /// <summary>Handles the update of the benchmark's market to <paramref name="price"/> (18 decimals, as the oracle event gives it).</summary>
    Task<LiquidationRound> HandleAsync(UInt256 price, CancellationToken ct);
}
