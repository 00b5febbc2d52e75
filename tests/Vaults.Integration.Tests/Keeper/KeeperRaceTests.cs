using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>Two keepers (two accounts) watching the same vaults: each unhealthy vault is liquidated once, and neither crashes or loops.</summary>
public sealed class KeeperRaceTests(VaultsFixture vaults) : KeeperDaemonTest(vaults)
{
    private const int KeeperA = 8;
    private const int KeeperB = 9;

    private async Task<ulong> NonceAsync(int account) =>
        (ulong)(await Devnet.Eth.GetTransactionCountAsync(AccountAddress(account).ToLowerHex(), BlockParameter.CreateLatest())).Value;

    [Fact]
    public async Task Two_keepers_liquidate_every_unhealthy_vault_once_and_keep_running()
    {
        ulong start = await BlockNumberAsync();
        var a = await StartKeeperAsync(Options(KeeperA, NewDatabasePath()));
        var b = await StartKeeperAsync(Options(KeeperB, NewDatabasePath(), webSocket: false));
        var unhealthy = new HashSet<Address>
        {
            await OpenAsync(2, true, 250, 1), await OpenAsync(3, true, 260, 1), await OpenAsync(4, true, 270, 1), await OpenAsync(5, true, 200, 0.8m),
        };
        var healthy = new List<Address> { await OpenAsync(6, true, 450, 1), await OpenAsync(7, false, 500, 1) };
        ulong opened = await BlockNumberAsync();
        await WaitUntilAsync(() => a.Status.LastBlock >= (long)opened && b.Status.LastBlock >= (long)opened, "both keepers to index the vaults");
        Assert.Equal(6, a.Status.VaultsIndexed);
        Assert.Equal(6, b.Status.VaultsIndexed);
        var (nonceA, nonceB) = (await NonceAsync(KeeperA), await NonceAsync(KeeperB));

        await SetPriceAsync(1_780);
        await WaitUntilAsync(() => a.Status.Liquidations + b.Status.Liquidations >= unhealthy.Count, "the keepers to liquidate the four vaults");
        await Task.Delay(1_500); // let the loser's round and a few more polling rounds run

        var liquidations = await LiquidationsSinceAsync(start);
        Assert.Equal(unhealthy, liquidations.Select(l => l.Event.Vault).ToHashSet());
        Assert.Equal(unhealthy.Count, liquidations.Count); // once each
        Assert.Equal(unhealthy.Count, a.Status.Liquidations + b.Status.Liquidations);
        foreach (var vault in healthy) Assert.Equal(1, await PositionStatusAsync(vault));

        // Neither keeper crashed nor looped on a revert: both still run and follow the chain, each sent at most one transaction.
        ulong head = await BlockNumberAsync();
        await WaitUntilAsync(() => a.Status.LastBlock == (long)head && b.Status.LastBlock == (long)head, "both keepers to follow the head");
        Assert.Null(a.Status.FatalError);
        Assert.Null(b.Status.FatalError);
        Assert.InRange(await NonceAsync(KeeperA) - nonceA, 0ul, 1ul);
        Assert.InRange(await NonceAsync(KeeperB) - nonceB, 0ul, 1ul);
        Assert.True(await NonceAsync(KeeperA) - nonceA + await NonceAsync(KeeperB) - nonceB >= 1);
    }
}
