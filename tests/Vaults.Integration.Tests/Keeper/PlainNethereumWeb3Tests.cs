using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Vaults.Chain;
using Vaults.Client;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>
/// A user's own Nethereum objects handed to the project: a <see cref="Web3"/> and an <see cref="Account"/> built with plain Nethereum
/// (Nethereum's own AccountSignerTransactionManager, nothing of ours in between) drive <see cref="VaultsClient"/> to open vaults, and the
/// keeper daemon to liquidate the one the next price crosses.
/// </summary>
public sealed class PlainNethereumWeb3Tests(VaultsFixture vaults) : KeeperDaemonTest(vaults)
{
    private const int TraderAccount = 3;
    private const int KeeperAccount = 7;

    private Web3 PlainWeb3(int account) =>
        new(new Account(Devnet.Node.Accounts[account].PrivateKey, Devnet.Node.ChainId), Devnet.Node.RpcUrl.ToString());

    [Fact]
    public async Task A_plain_Nethereum_Web3_and_Account_drive_the_client_and_the_keeper()
    {
        var traderWeb3 = PlainWeb3(TraderAccount);
        var trader = await VaultsClient.ConnectAsync(Deployment, traderWeb3);
        Assert.Same(traderWeb3, trader.Web3);
        Assert.Equal(Devnet.Node.Accounts[TraderAccount].Address, trader.SignerAddress);

        // Long 1 @ 2,000: with 250 collateral it is liquidatable below about 1,806; with 1,000 it is not at 1,780 (see KeeperEndToEndTests).
        var risky = await trader.OpenVaultAsync(new OpenVaultRequest(IsLong: true, Collateral: 250, Size: 1));
        var safe = await trader.OpenVaultAsync(new OpenVaultRequest(IsLong: true, Collateral: 1_000, Size: 1));
        Assert.Equal(Devnet.Node.Accounts[TraderAccount].Address, risky.Owner);
        Assert.Equal(VaultStatus.Open, (await trader.GetVaultAsync(risky.Address)).Status);

        var options = Options(KeeperAccount, NewDatabasePath());
        options.PrivateKey = null;
        options.Web3 = PlainWeb3(KeeperAccount);
        ulong start = await BlockNumberAsync();
        var keeper = await StartKeeperAsync(options);
        await keeper.Status.WaitUntilSyncedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        await SetPriceAsync(1_780);
        await WaitUntilAsync(() => keeper.Status.Liquidations == 1, "the keeper on the plain Web3 to liquidate the risky vault");

        var liquidation = Assert.Single(await LiquidationsSinceAsync(start));
        Assert.Equal(risky.Address, (Address)liquidation.Event.Vault);
        Assert.Equal(Devnet.Node.Accounts[KeeperAccount].Address, (Address)liquidation.Event.Keeper);
        Assert.Equal(VaultStatus.Open, (await trader.GetVaultAsync(safe.Address)).Status);
        Assert.Single(await trader.LiquidationsAsync((long)start));
    }
}
