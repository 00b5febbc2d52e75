using System.Numerics;
using Vaults.Chain;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// Isolated margin: liquidating or closing one vault changes nothing of any other vault, of the same owner or
/// of another, long or short: not its position struct, not the tokens its contract holds, not its liquidation price.
/// </summary>
public class VaultIsolationTests(VaultsFixture vaults) : MarginTest(vaults)
{
    [Fact]
    public async Task Liquidating_one_vault_and_closing_another_leave_every_other_vault_untouched()
    {
        var victim = VaultOf(await OpenRawAsync(2, true, Usdc(1_200), Wad(5), Wad(2000)));       // 8.3x long: liquidatable at 1,780
        var sameOwnerLong = VaultOf(await OpenRawAsync(2, true, Usdc(1_000), Wad(1), Wad(2000)));
        var sameOwnerShort = VaultOf(await OpenRawAsync(2, false, Usdc(1_000), Wad(2), 0));
        var otherLong = VaultOf(await OpenRawAsync(3, true, Usdc(2_000), Wad(3), Wad(2000)));
        var otherShort = VaultOf(await OpenRawAsync(4, false, Usdc(1_200), Wad(5), 0));
        var toClose = VaultOf(await OpenRawAsync(3, true, Usdc(1_500), Wad(2), Wad(2000)));
        var bystanders = new[] { sameOwnerLong, sameOwnerShort, otherLong, otherShort, toClose };

        await SetPriceAsync(1780);
        var before = await SnapshotAsync(bystanders);
        Assert.True((await Factory().PreviewLiquidationQueryAsync(victim)).Liquidatable);
        Assert.All(bystanders, v => Assert.True(before[v].Balance > 0));

        await Factory(9).LiquidateRequestAndWaitForReceiptAsync(victim);
        Assert.Equal((byte)3, (await Factory().PositionQueryAsync(victim)).Status);
        Assert.Equal(BigInteger.Zero, await Token().BalanceOfQueryAsync(victim));
        Assert.Equal(before, await SnapshotAsync(bystanders));

        await Factory(3).CloseVaultRequestAndWaitForReceiptAsync(toClose, 0);
        Assert.Equal((byte)2, (await Factory().PositionQueryAsync(toClose)).Status);
        var rest = bystanders.Where(v => v != toClose).ToArray();
        Assert.Equal(before.Where(kv => kv.Key != toClose).ToDictionary(), await SnapshotAsync(rest));
    }

    private sealed record VaultState(BigInteger Size, BigInteger Entry, uint Seq, bool IsLong, byte Status, BigInteger Collateral, BigInteger Reserve, BigInteger Balance, BigInteger LiquidationPrice);

    private async Task<Dictionary<Address, VaultState>> SnapshotAsync(IEnumerable<Address> vaultList)
    {
        var states = new Dictionary<Address, VaultState>();
        foreach (var v in vaultList)
        {
            var p = await Factory().PositionQueryAsync(v);
            states[v] = new VaultState(p.Size, p.EntryPrice, p.Seq, p.IsLong, p.Status, p.Collateral, p.Reserve,
                await Token().BalanceOfQueryAsync(v), await Factory().LiquidationPriceQueryAsync(v));
        }
        return states;
    }
}
