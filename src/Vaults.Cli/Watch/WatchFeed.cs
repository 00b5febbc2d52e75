using Vaults.Chain;
using Vaults.Client;

namespace Vaults.Cli.Watch;

/// <summary>
/// Reads one <see cref="WatchSnapshot"/> of one market after another: its vaults and price afresh each time, the liquidations incrementally
/// (only the blocks since the last read, so a long watch does not re-read its whole history).
/// </summary>
internal sealed class WatchFeed(VaultsClient client, Vaults.Contracts.Deployment.DeployedMarket market, int top, int keepLiquidations = 12)
{
    /// <summary>How far back the first read looks for liquidations, so a new watch shows the latest ones.</summary>
    private const long LookBackBlocks = 5_000;

    private readonly List<LiquidationResult> _liquidations = [];
    /// <summary>The vaults still open at the last read: each read adds the newly opened ones and drops those closed or liquidated since.</summary>
    private List<(Address Vault, Address Owner)> _open = [];
    private long? _scannedTo;

    /// <summary>Liquidations the last <see cref="ReadAsync"/> found that the one before had not (oldest first).</summary>
    public IReadOnlyList<LiquidationResult> Landed { get; private set; } = [];

    public async Task<WatchSnapshot> ReadAsync(CancellationToken ct)
    {
        var head = (long)(await client.Web3.Eth.BlockNumberAsync(ct)).Value;
        var from = _scannedTo is { } last ? last + 1 : Math.Max(client.Deployment.DeploymentBlock, head - LookBackBlocks);
        var landed = from <= head ? await client.LiquidationsAsync(from, head, ct) : [];
        // Only the new blocks' VaultOpened events: a long watch of a real deployment does not re-read its whole history every refresh.
        var openedFrom = _scannedTo is { } seen ? seen + 1 : client.Deployment.DeploymentBlock;
        if (openedFrom <= head) _open.AddRange(await client.VaultsOpenedAsync(openedFrom, head, ct));
        _scannedTo = head;
        Landed = landed;
        _liquidations.InsertRange(0, landed.Reverse());
        if (_liquidations.Count > keepLiquidations) _liquidations.RemoveRange(keepLiquidations, _liquidations.Count - keepLiquidations);

        var price = await client.GetPriceStatusAsync(market, ct);
        var all = (await client.GetVaultsAsync(_open, ct)).Where(v => v.Status == VaultStatus.Open).ToList();
        _open = [.. all.Select(v => (v.Address, v.Owner))];
        var open = all.Where(v => v.Market == market.Name).ToList();
        var nearest = open.OrderBy(v => v.DistancePercent).Take(top).ToList();
        return new WatchSnapshot(head, price, open.Count, nearest, [.. _liquidations]);
    }
}
