using Vaults.Chain;

namespace Vaults.Keeper.Scanning;

/// <summary>What one <see cref="FactoryEventScanner.ScanAsync"/> did.</summary>
/// <param name="FirstBlock">The first block read (after any rewind), or null when the index was already at the target.</param>
/// <param name="LastBlock">The last processed block (the stored checkpoint) after the scan.</param>
/// <param name="EventsApplied">Factory events applied.</param>
/// <param name="Chunks">eth_getLogs ranges committed.</param>
/// <param name="RewoundTo">The block the store was rewound to after a reorg, or null when none was detected.</param>
public sealed record ScanResult(ulong? FirstBlock, ulong LastBlock, int EventsApplied, int Chunks, ulong? RewoundTo)
{
    /// <summary>MarketConfig's <c>MarketParamsSet</c> events of the committed chunks, oldest first: a new market, or a market's new
    /// parameters (its feed among them), so the keeper watches a market created while it runs from that block on.</summary>
    public IReadOnlyList<MarketParamsSeen> MarketParams { get; init; } = [];
}

/// <summary>A <c>MarketParamsSet</c> event: market <paramref name="MarketId"/> has (from <paramref name="Block"/> on) the feed <paramref name="Feed"/>.</summary>
public sealed record MarketParamsSeen(uint MarketId, Address Feed, ulong Block);
