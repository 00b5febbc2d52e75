using System.Numerics;
using Microsoft.Extensions.Logging;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.TestUSDC;
using Vaults.Devnet;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Web3.Accounts;

namespace Vaults.Client;

/// <summary>
/// A local Hardhat node on 127.0.0.1 with the whole system deployed and seeded: account 0 deploys and reports prices,
/// account 1 provides the pool's liquidity, accounts 2 to 9 are traders with tokens to trade. What <c>vaults devnet</c>
/// and <c>vaults demo</c> start. Disposing stops the node (the chain lives in memory and is gone).
/// </summary>
public sealed class LocalDevnet : IAsyncDisposable
{
    /// <summary>The deployer and price reporter.</summary>
    public const int AdminAccount = 0;
    /// <summary>The liquidity provider.</summary>
    public const int LiquidityProviderAccount = 1;
    /// <summary>The first trader account (traders are 2 to 9).</summary>
    public const int FirstTraderAccount = 2;
    /// <summary>Pool liquidity seeded by the LP, in tokens.</summary>
    public const decimal PoolLiquidity = 1_000_000m;
    /// <summary>Tokens minted to each trader.</summary>
    public const decimal TraderBalance = 100_000m;

    private LocalDevnet(IDevnetNode node, VaultsDeployment deployment)
    {
        Node = node;
        Deployment = deployment;
    }

    /// <summary>The running node.</summary>
    public IDevnetNode Node { get; }

    /// <summary>Where everything is.</summary>
    public VaultsDeployment Deployment { get; }

    /// <summary>The HTTP JSON-RPC URL.</summary>
    public string RpcUrl => Node.RpcUrl.ToString();

    /// <summary>Starts a node (on <paramref name="port"/>, or a free one), deploys the system and seeds it.</summary>
    /// <param name="port">The port on 127.0.0.1; null picks a free one.</param>
    /// <param name="progress">Receives one line per step, for a person watching.</param>
    /// <param name="ct">Cancels the start (the node is stopped).</param>
    public static async Task<LocalDevnet> StartAsync(int? port = null, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        HardhatNode node;
        try
        {
            var folder = await HardhatNodeFolderAsync(progress, ct).ConfigureAwait(false);
            progress?.Report("Starting the Hardhat node on 127.0.0.1...");
            node = await HardhatNode.StartAsync(new HardhatNodeOptions { Port = port, HardhatNodeDirectory = folder }, logger: null, ct).ConfigureAwait(false);
        }
        catch (HardhatNodeStartException e) when (e.PortInUse is not null)
        {
            throw new VaultsClientException(e.Message, e);
        }
        catch (HardhatNodeStartException e)
        {
            throw new VaultsClientException($"The Hardhat node did not start: {ContractErrors.FirstLine(e.Message)}", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new VaultsClientException($"No hardhat-node/ folder to run the devnet from: run vaults from a clone of the repository, or from the .NET tool package (which carries it) ({ContractErrors.FirstLine(e.Message)})", e);
        }
        return await DeployOnAsync(node, progress, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The devnet's markets: ETH-USD at 2,000 with the default parameters (up to 10x, maintenance 3 % to 6 %), and BTC-USD at
    /// 60,000 with its own (up to 5x, maintenance 5 % to 8 %, tiers from 250,000 of notional, a keeper fee floor of 10).
    /// </summary>
    public static IReadOnlyList<MarketSpec> Markets { get; } =
    [
        new MarketSpec { Name = "ETH-USD", InitialPrice = 2_000m },
        new MarketSpec
        {
            Name = "BTC-USD", InitialPrice = 60_000m,
            Settings = new MarketSettings
            {
                InitialMarginBps = 2_000, TargetMarginBps = 1_000, MaintenanceMarginBps = [500, 600, 700, 800],
                TierThresholds = [250_000, 2_500_000, 25_000_000], KeeperFeeFloor = 10, MaxOpenInterest = 500, MinSize = 0.0001m,
            },
        },
    ];

    /// <summary>
    /// Deploys the system on a node that is already running and seeds it, exactly as <see cref="StartAsync"/> does on the node it
    /// starts (the tests use this on a node of their own choosing). The devnet owns the node from here on: disposing, or a failure
    /// here, stops it.
    /// </summary>
    public static async Task<LocalDevnet> DeployOnAsync(IDevnetNode node, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            progress?.Report($"Node up at {node.RpcUrl}; deploying token, oracle, pool, insurance fund, market config, factory, lens...");
            var admin = Web3For(node, AdminAccount);
            var deployment = await new VaultsDeployer(admin).DeployAsync(new VaultsDeployer.Options { Markets = Markets }, ct).ConfigureAwait(false);
            progress?.Report($"Deployed; seeding {PoolLiquidity:N0} tokens of pool liquidity and funding traders...");
            await SeedAsync(node, deployment, ct).ConfigureAwait(false);
            return new LocalDevnet(node, deployment);
        }
        catch
        {
            await node.StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Where the node runs from: the clone's hardhat-node/ when these binaries are inside one (a build or <c>dotnet run</c>);
    /// otherwise the bundle the tool package carries, installed once per user (see <see cref="HardhatNodeBundle"/>); null
    /// leaves the choice to <see cref="HardhatNodeLocator"/> (the path recorded at build time).
    /// </summary>
    private static async Task<string?> HardhatNodeFolderAsync(IProgress<string>? progress, CancellationToken ct)
    {
        if (HardhatNodeLocator.FindAbove(AppContext.BaseDirectory) is { } inTree) return inTree;
        if (HardhatNodeBundle.Find(AppContext.BaseDirectory) is not { } bundle) return null;
        return await HardhatNodeBundle.InstallAsync(bundle, HardhatNodeBundle.DefaultCacheRoot, progress, ct).ConfigureAwait(false);
    }

    /// <summary>A signing Web3 for dev account <paramref name="index"/>.</summary>
    public Web3 Web3For(int index) => Web3For(Node, index);

    /// <summary>A client for dev account <paramref name="index"/>.</summary>
    public Task<VaultsClient> ClientAsync(int index, CancellationToken ct = default) =>
        VaultsClient.ConnectAsync(Deployment, RpcUrl, new SignerSource { DevAccount = index }, ct);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Node.DisposeAsync();

    private static Web3 Web3For(IDevnetNode node, int index) =>
        new(new Account(node.Accounts[index].PrivateKey, node.ChainId), node.RpcUrl.ToString());

    private static async Task SeedAsync(IDevnetNode node, VaultsDeployment deployment, CancellationToken ct)
    {
        var decimals = await new TestUSDCService(Web3For(node, AdminAccount), deployment.SettlementToken).DecimalsQueryAsync(cancellationToken: ct).ConfigureAwait(false);
        var token = new TestUSDCService(Web3For(node, AdminAccount), deployment.SettlementToken);
        var liquidity = Units.ToBaseUnits(PoolLiquidity, decimals);
        var lp = node.Accounts[LiquidityProviderAccount].Address;
        await token.MintRequestAndWaitForReceiptAsync(lp, liquidity, ct).ConfigureAwait(false);
        var lpWeb3 = Web3For(node, LiquidityProviderAccount);
        await new TestUSDCService(lpWeb3, deployment.SettlementToken).ApproveRequestAndWaitForReceiptAsync(deployment.LiquidityPool, liquidity, ct).ConfigureAwait(false);
        await new LiquidityPoolService(lpWeb3, deployment.LiquidityPool).DepositRequestAndWaitForReceiptAsync(liquidity, lp, ct).ConfigureAwait(false);

        var perTrader = Units.ToBaseUnits(TraderBalance, decimals);
        for (int i = FirstTraderAccount; i < node.Accounts.Count; i++)
            await token.MintRequestAndWaitForReceiptAsync(node.Accounts[i].Address, perTrader, ct).ConfigureAwait(false);
        // The LP also gets trading tokens, so 'vaults pool deposit' works from a fresh devnet without a mint.
        await token.MintRequestAndWaitForReceiptAsync(lp, perTrader, ct).ConfigureAwait(false);
    }
}
