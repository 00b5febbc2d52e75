using System.Numerics;
using Vaults.Chain;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// The liquidation price view agrees with the price at which liquidation first becomes possible. The boundary
/// is found by bisection on the real oracle at its 8-decimal resolution (each probe posts a price and asks
/// previewLiquidation) and compared with <c>liquidationPrice</c> under its documented convention: long = the
/// HIGHEST 18-decimal price at which the vault is liquidatable, so the highest 8-decimal one is floor(LP / 1e10);
/// short = the LOWEST, so the lowest 8-decimal one is ceil(LP / 1e10).
/// </summary>
public class LiquidationPriceTests(VaultsFixture vaults) : MarginTest(vaults)
{
    private static readonly BigInteger Tick = BigInteger.Pow(10, 10);

    [Theory]
    [InlineData(true, 1_200, 5, 300)]     // 10,000 entry notional: tier 0 (3%)
    [InlineData(false, 1_200, 5, 300)]
    [InlineData(true, 20_000, 60, 400)]   // 120,000 entry notional: tier 1 (4%)
    [InlineData(false, 20_000, 60, 400)]
    public async Task The_liquidation_price_is_where_the_oracle_first_makes_the_vault_liquidatable(bool isLong, int collateral, int size, int maintenanceBps)
    {
        var model = await ModelAsync();
        var vault = VaultOf(await OpenRawAsync(3, isLong, Usdc(collateral), Wad(size), isLong ? Wad(2000) : 0));
        var pos = await ReadPositionAsync(vault);
        Assert.Equal(maintenanceBps, model.MaintenanceBps(pos));
        var lp = await Factory().LiquidationPriceQueryAsync(vault);
        Assert.Equal(model.LiquidationPrice(pos), lp);
        Assert.Equal(lp, (await Lens.HealthQueryAsync(vault)).LiquidationPrice);

        // Bracket within one accepted oracle move from 2,000 (17.5%), then bisect; consecutive probes stay within 20%.
        BigInteger healthy = 2000 * BigInteger.Pow(10, 8), deep = (isLong ? 1650 : 2350) * BigInteger.Pow(10, 8);
        Assert.False(await LiquidatableAtAsync(vault, healthy));
        Assert.True(await LiquidatableAtAsync(vault, deep));
        while (BigInteger.Abs(deep - healthy) > 1)
        {
            var mid = (deep + healthy) / 2;
            if (await LiquidatableAtAsync(vault, mid)) deep = mid; else healthy = mid;
        }
        // `deep` is now the liquidatable 8-decimal price next to the boundary.
        var expected = isLong ? lp / Tick : (lp + Tick - 1) / Tick;
        Assert.Equal(expected, deep);
        Assert.Equal(isLong ? deep + 1 : deep - 1, healthy);
    }

    private async Task<bool> LiquidatableAtAsync(Address vault, BigInteger answer)
    {
        await SetPrice8Async(answer);
        return (await Factory().PreviewLiquidationQueryAsync(vault)).Liquidatable;
    }
}
