using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.TestUSDC;
using Nethereum.Web3;
using Vaults.Chain;
using Vaults.Integration.Tests.Devnet;
using Xunit.Abstractions;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// A node with the whole Vaults system deployed once per collection: TestUSDC, oracle at 2,000, pool, fund,
/// market config, factory, lens, one market with the default settings. Account 0 deploys and reports prices,
/// account 1 is the LP (1,000,000 tUSDC in the pool), accounts 2 to 9 trade with 100,000 tUSDC each and
/// an unlimited allowance to the factory; the clock is then moved past the LP's deposit cooldown. Tests take snapshots
/// around themselves (see <see cref="VaultsTest"/>).
/// </summary>
/// <param name="diagnostics">xunit's sink, handed to the node fixture (see <see cref="DevnetFixture"/>).</param>
public sealed class VaultsFixture(IMessageSink? diagnostics = null) : IAsyncLifetime
{
    /// <summary>Initial pool liquidity, in whole tokens.</summary>
    public const decimal PoolLiquidity = 1_000_000m;

    /// <summary>Each trader's starting balance, in whole tokens.</summary>
    public const decimal TraderBalance = 100_000m;

    /// <summary>The node and its dev accounts.</summary>
    public DevnetFixture Devnet { get; } = new(diagnostics);

    /// <summary>The deployed system.</summary>
    public VaultsDeployment Deployment { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Devnet.InitializeAsync();
        await SetUpSystemAsync();
    }

    /// <summary>
    /// Deploys, funds and approves as described on the class. Deterministic (the same transactions from the same accounts in the
    /// same order): on a node restarted from genesis it recreates the same addresses, which is how the node-fault tests restore state.
    /// </summary>
    public async Task SetUpSystemAsync()
    {
        var admin = Devnet.CreateWeb3(0);
        Deployment = await new VaultsDeployer(admin).DeployAsync();

        var token = new TestUSDCService(admin, Deployment.SettlementToken);
        var lp = Devnet.CreateWeb3(1);
        await token.MintRequestAndWaitForReceiptAsync(Devnet.Node.Accounts[1].Address, Units.ToBaseUnits(PoolLiquidity, 6));
        await new TestUSDCService(lp, Deployment.SettlementToken).ApproveRequestAndWaitForReceiptAsync(Deployment.LiquidityPool, Units.ToBaseUnits(PoolLiquidity, 6));
        await new LiquidityPoolService(lp, Deployment.LiquidityPool).DepositRequestAndWaitForReceiptAsync(Units.ToBaseUnits(PoolLiquidity, 6), Devnet.Node.Accounts[1].Address);

        for (int i = 2; i < 10; i++)
        {
            await token.MintRequestAndWaitForReceiptAsync(Devnet.Node.Accounts[i].Address, Units.ToBaseUnits(TraderBalance, 6));
            await new TestUSDCService(Devnet.CreateWeb3(i), Deployment.SettlementToken)
                .ApproveRequestAndWaitForReceiptAsync(Deployment.VaultFactory, (BigInteger.One << 256) - 1);
        }
        // Past the LP's deposit cooldown, so tests start from a pool whose LP may withdraw.
        await Devnet.DevTools.IncreaseTimeAsync(new VaultsDeployer.Options().PoolCooldownSeconds + 1);
        await Devnet.DevTools.MineAsync();
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Devnet.DisposeAsync();
}
