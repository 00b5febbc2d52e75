using System.Numerics;
using Vaults.Chain;

namespace Vaults.Keeper.Markets;

/// <summary>A market the keeper follows: its id, the name its metrics and logs use, its feed and the feed's scale to 18 decimals.</summary>
/// <param name="Id">The market id (MarketConfig's, 0-based).</param>
/// <param name="Name">A short name people use (<c>ETH-USD</c>): from the deployment file, else from the feed's description.</param>
/// <param name="Feed">The Chainlink-compatible feed the market reads now.</param>
/// <param name="PriceScale">10^(18 − feed decimals): a feed answer times this is a price with 18 decimals, as liquidation prices are.</param>
internal sealed record WatchedMarket(uint Id, string Name, Address Feed, BigInteger PriceScale);
