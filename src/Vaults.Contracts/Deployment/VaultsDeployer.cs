using System.Numerics;
using Vaults.Contracts.InsuranceFund;
using Vaults.Contracts.InsuranceFund.ContractDefinition;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.LiquidityPool.ContractDefinition;
using Vaults.Contracts.MarketConfig;
using Vaults.Contracts.MarketConfig.ContractDefinition;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.PriceOracle.ContractDefinition;
using Vaults.Contracts.TestUSDC;
using Vaults.Contracts.TestUSDC.ContractDefinition;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Contracts.VaultLens;
using Vaults.Contracts.VaultLens.ContractDefinition;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Contracts.Deployment;

/// <summary>
/// Deploys and wires a whole Vaults system from one account: settlement token (a TestUSDC unless one is given),
/// price oracle, liquidity pool, insurance fund, market config, factory and lens; then lets the factory settle
/// against the pool and the fund, tells the config which factory keeps the markets' copy, and creates every market (each with its
/// feed: an existing one, or a PriceOracle with the deployer as reporter and a first price). Transactions go one after another (the account's nonce order).
/// </summary>
public sealed class VaultsDeployer(IWeb3 web3)
{
    /// <summary>Options of a deployment.</summary>
    public sealed record Options
    {
        /// <summary>An existing settlement token; null deploys a mintable 6-decimal TestUSDC (devnet).</summary>
        public Address? SettlementToken { get; init; }
        /// <summary>The first market's existing feed (when <see cref="Markets"/> is null); null deploys a PriceOracle.</summary>
        public Address? PriceFeed { get; init; }
        /// <summary>Decimals of the first market's deployed PriceOracle (when <see cref="Markets"/> is null).</summary>
        public byte OracleDecimals { get; init; } = 8;
        /// <summary>Description of the first market's deployed PriceOracle (when <see cref="Markets"/> is null).</summary>
        public string OracleDescription { get; init; } = "ETH / USD";
        /// <summary>First price of the first market's deployed PriceOracle (when <see cref="Markets"/> is null).</summary>
        public decimal InitialPrice { get; init; } = 2000m;
        /// <summary>Seconds an LP's new shares stay locked after a deposit (so no deposit leaves in the block or oracle
        /// round it entered); at least 1.</summary>
        public uint PoolCooldownSeconds { get; init; } = 60;
        /// <summary>The first market's parameters (when <see cref="Markets"/> is null).</summary>
        public MarketSettings Market { get; init; } = new();
        /// <summary>Every market to create, in order; null creates one ETH-USD market from the single-market options above.</summary>
        public IReadOnlyList<MarketSpec>? Markets { get; init; }

        /// <summary>The markets this deployment creates.</summary>
        public IReadOnlyList<MarketSpec> MarketSpecs => Markets ?? [new MarketSpec
        {
            Name = "ETH-USD", PriceFeed = PriceFeed, OracleDecimals = OracleDecimals, OracleDescription = OracleDescription,
            InitialPrice = InitialPrice, Settings = Market,
        }];
    }

    /// <summary>Deploys everything and returns the addresses.</summary>
    /// <exception cref="DeploymentInputException">The given token or a feed has no code or does not answer, or the market list is invalid; nothing was sent.</exception>
    public async Task<VaultsDeployment> DeployAsync(Options? options = null, CancellationToken ct = default)
    {
        options ??= new Options();
        var owner = Owner;
        var chainId = (long)(await web3.Eth.ChainIdAsync(ct).ConfigureAwait(false)).Value;
        var specs = options.MarketSpecs;
        if (specs.Count == 0) throw new DeploymentInputException("A deployment needs at least one market.");
        CheckNames(specs.Select(m => m.Name), []);
        // Before the first transaction: a bad token or feed must not leave a whole (or half a) system behind.
        await ExistingContractsCheck.RunAsync(web3, options.SettlementToken, chainId, ct).ConfigureAwait(false);
        foreach (var spec in specs) await ExistingContractsCheck.RunFeedAsync(web3, spec.PriceFeed, chainId, ct).ConfigureAwait(false);

        TransactionReceipt? first = null;
        async Task<Address> Deploy<T>(T deployment) where T : ContractDeploymentMessage, new()
        {
            var receipt = await DeployContractAsync(deployment, ct).ConfigureAwait(false);
            first ??= receipt;
            return Address.Parse(receipt.ContractAddress!);
        }

        var token = options.SettlementToken ?? await Deploy(new TestUSDCDeployment { Owner = owner }).ConfigureAwait(false);
        // The markets' own PriceOracles next, before the pool (as when there was one market: the same addresses on a fresh node).
        var feeds = new List<Address>();
        foreach (var spec in specs) feeds.Add(spec.PriceFeed ?? await DeployOracleAsync(spec, ct).ConfigureAwait(false));
        var pool = await Deploy(new LiquidityPoolDeployment { Asset = token, Owner = owner, Cooldown = options.PoolCooldownSeconds }).ConfigureAwait(false);
        var fund = await Deploy(new InsuranceFundDeployment { Token = token, Pool = pool, Owner = owner }).ConfigureAwait(false);
        var config = await Deploy(new MarketConfigDeployment { Owner = owner }).ConfigureAwait(false);
        var factory = await Deploy(new VaultFactoryDeployment { Token = token, Pool = pool, InsuranceFund = fund, Config = config }).ConfigureAwait(false);
        var lens = await Deploy(new VaultLensDeployment { Factory = factory }).ConfigureAwait(false);

        await new LiquidityPoolService(web3, pool).SetFactoryRequestAndWaitForReceiptAsync(factory, ct).ConfigureAwait(false);
        await new InsuranceFundService(web3, fund).SetFactoryRequestAndWaitForReceiptAsync(factory, ct).ConfigureAwait(false);
        // The factory keeps a packed copy of every market, pushed by the config: wire it before the first market.
        await new MarketConfigService(web3, config).SetFactoryRequestAndWaitForReceiptAsync(factory, ct).ConfigureAwait(false);

        var deployment = new VaultsDeployment
        {
            ChainId = chainId,
            DeploymentBlock = (long)first!.BlockNumber.Value,
            SettlementToken = token,
            LiquidityPool = pool,
            InsuranceFund = fund,
            MarketConfig = config,
            VaultFactory = factory,
            VaultLens = lens,
            Markets = [],
        };
        for (int i = 0; i < specs.Count; i++)
            deployment = deployment.WithMarket(await CreateMarketAsync(deployment, specs[i] with { PriceFeed = feeds[i] }, ct).ConfigureAwait(false));
        return deployment;
    }

    /// <summary>
    /// Adds <paramref name="spec"/> to an existing deployment (its feed checked first, or a PriceOracle deployed for it), as the
    /// config's owner. Idempotent like <see cref="DeployAsync"/>: a market of that name already in the deployment is returned as it is,
    /// nothing sent (<see cref="AddMarketResult.Added"/> false).
    /// </summary>
    /// <exception cref="DeploymentInputException">A bad name, or a feed without code or that does not answer; nothing was sent.</exception>
    public async Task<AddMarketResult> AddMarketAsync(VaultsDeployment deployment, MarketSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(spec);
        if (deployment.Markets.FirstOrDefault(m => string.Equals(m.Name, spec.Name, StringComparison.OrdinalIgnoreCase)) is { } existing)
            return new AddMarketResult(deployment, existing, Added: false);
        CheckNames([spec.Name], deployment.Markets.Select(m => m.Name));
        var chainId = (long)(await web3.Eth.ChainIdAsync(ct).ConfigureAwait(false)).Value;
        await ExistingContractsCheck.RunFeedAsync(web3, spec.PriceFeed, chainId, ct).ConfigureAwait(false);
        var market = await CreateMarketAsync(deployment, spec, ct).ConfigureAwait(false);
        return new AddMarketResult(deployment.WithMarket(market), market, Added: true);
    }

    private Address Owner => web3.TransactionManager?.Account.Address ?? throw new InvalidOperationException("Deploying needs a Web3 with an account.");

    private async Task<DeployedMarket> CreateMarketAsync(VaultsDeployment deployment, MarketSpec spec, CancellationToken ct)
    {
        var feed = spec.PriceFeed ?? await DeployOracleAsync(spec, ct).ConfigureAwait(false);
        var tokenDecimals = await new TestUSDCService(web3, deployment.SettlementToken).DecimalsQueryAsync(cancellationToken: ct).ConfigureAwait(false);
        var created = await new MarketConfigService(web3, deployment.MarketConfig)
            .CreateMarketRequestAndWaitForReceiptAsync(spec.Settings.ToMarketParams(feed, tokenDecimals), ct).ConfigureAwait(false);
        var marketId = created.DecodeAllEvents<MarketParamsSetEventDTO>().Single().Event.MarketId;
        return new DeployedMarket((ulong)marketId, spec.Name, feed, (long)created.BlockNumber.Value);
    }

    /// <summary>A PriceOracle for <paramref name="spec"/> with the deployer as reporter and the spec's first price.</summary>
    private async Task<Address> DeployOracleAsync(MarketSpec spec, CancellationToken ct)
    {
        var owner = Owner;
        var receipt = await DeployContractAsync(new PriceOracleDeployment
        {
            Decimals = spec.OracleDecimals, Description = spec.Description, Owner = owner,
        }, ct).ConfigureAwait(false);
        var oracle = new PriceOracleService(web3, receipt.ContractAddress!);
        await oracle.SetReporterRequestAndWaitForReceiptAsync(owner, true, ct).ConfigureAwait(false);
        await oracle.SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(spec.InitialPrice, spec.OracleDecimals), ct).ConfigureAwait(false);
        return Address.Parse(receipt.ContractAddress!);
    }

    private Task<TransactionReceipt> DeployContractAsync<T>(T deployment, CancellationToken ct) where T : ContractDeploymentMessage, new() =>
        web3.Eth.GetContractDeploymentHandler<T>().SendRequestAndWaitForReceiptAsync(deployment, ct);

    private static void CheckNames(IEnumerable<string> names, IEnumerable<string> existing)
    {
        var seen = new HashSet<string>(existing, StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (MarketSpec.CheckName(name) is { } problem) throw new DeploymentInputException(problem);
            if (!seen.Add(name)) throw new DeploymentInputException($"Two markets are named '{name}'; market names must be unique.");
        }
    }
}

/// <summary>What <see cref="VaultsDeployer.AddMarketAsync"/> did.</summary>
/// <param name="Deployment">The deployment with the market (write it back to the file).</param>
/// <param name="Market">The market.</param>
/// <param name="Added">False when the deployment already had a market of that name (nothing was sent).</param>
public sealed record AddMarketResult(VaultsDeployment Deployment, DeployedMarket Market, bool Added);
