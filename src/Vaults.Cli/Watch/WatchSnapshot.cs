using Vaults.Client;

namespace Vaults.Cli.Watch;

/// <summary>What <c>vaults watch</c> shows at one moment: the price and whether it is usable, the open vaults nearest liquidation, and the latest liquidations.</summary>
/// <param name="Block">The block the figures were read at (about).</param>
/// <param name="Price">The oracle price, its age and status.</param>
/// <param name="OpenVaults">How many vaults are open.</param>
/// <param name="Nearest">The open vaults closest to their liquidation price, closest first.</param>
/// <param name="Liquidations">Liquidations since the watch began (and just before), newest first.</param>
internal sealed record WatchSnapshot(long Block, PriceView Price, int OpenVaults, IReadOnlyList<VaultView> Nearest, IReadOnlyList<LiquidationResult> Liquidations);
