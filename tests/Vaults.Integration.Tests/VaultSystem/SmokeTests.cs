using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>The shortest story: open a 10x long, the price falls through its liquidation price, a keeper liquidates it.</summary>
public class SmokeTests(VaultsFixture vaults) : VaultsTest(vaults)
{
    [Fact]
    public async Task A_long_opened_at_2000_is_liquidated_after_the_price_falls_below_its_liquidation_price()
    {
        var vault = await OpenAsync(trader: 2, isLong: true, collateral: 1_000, size: 4); // 8,000 notional: 8x

        var liquidationPrice = await Factory().LiquidationPriceQueryAsync(vault);
        Assert.InRange(liquidationPrice, Wad(1_750), Wad(1_850)); // (s·E0 − C) / (s·(1 − m − closeFee)), rounded down
        Assert.False((await Factory().PreviewLiquidationQueryAsync(vault)).Liquidatable);

        await SetPriceAsync(1_750);
        var preview = await Factory().PreviewLiquidationQueryAsync(vault);
        Assert.True(preview.Liquidatable);

        var keeperBefore = await Token().BalanceOfQueryAsync(AccountAddress(9));
        var receipt = await Factory(9).LiquidateRequestAndWaitForReceiptAsync(vault);

        var liquidated = receipt.DecodeAllEvents<VaultLiquidatedEventDTO>().Single().Event;
        Assert.Equal(vault, liquidated.Vault);
        Assert.Equal(preview.KeeperFee, liquidated.KeeperFee);
        Assert.Equal(keeperBefore + preview.KeeperFee, await Token().BalanceOfQueryAsync(AccountAddress(9)));
    }
}
