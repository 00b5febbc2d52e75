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
/// against the pool and the fund, authorises the deployer as price reporter, posts the first price and creates
/// the first market (after telling the config which factory keeps the markets' copy). Transactions go one after another (the account's nonce order).
/// </summary>
public sealed class VaultsDeployer(IWeb3 web3)
{
    /// <summary>Options of a deployment.</summary>
    public sealed record Options
    {
        /// <summary>An existing settlement token; null deploys a mintable 6-decimal TestUSDC (devnet).</summary>
        public Address? SettlementToken { get; init; }
        /// <summary>An existing Chainlink-compatible feed; null deploys a PriceOracle with the deployer as reporter.</summary>
        public Address? PriceFeed { get; init; }
        /// <summary>Decimals of a deployed PriceOracle (Chainlink USD feeds use 8).</summary>
        public byte OracleDecimals { get; init; } = 8;
        /// <summary>Description of a deployed PriceOracle.</summary>
        public string OracleDescription { get; init; } = "ETH / USD";
        /// <summary>First price posted to a deployed PriceOracle, in quote units.</summary>
        public decimal InitialPrice { get; init; } = 2000m;
        /// <summary>Seconds an LP's new shares stay locked after a deposit (so no deposit leaves in the block or oracle
        /// round it entered); at least 1.</summary>
        public uint PoolCooldownSeconds { get; init; } = 60;
        /// <summary>The first market's parameters.</summary>
        public MarketSettings Market { get; init; } = new();
    }

    /// <summary>Deploys everything and returns the addresses.</summary>
    /// <exception cref="DeploymentInputException">The given token or feed has no code or does not answer; nothing was sent.</exception>
    public async Task<VaultsDeployment> DeployAsync(Options? options = null, CancellationToken ct = default)
    {
        options ??= new Options();
        var owner = web3.TransactionManager?.Account.Address ?? throw new InvalidOperationException("Deploying needs a Web3 with an account.");
        var chainId = (long)(await web3.Eth.ChainIdAsync(ct).ConfigureAwait(false)).Value;
        // Before the first transaction: a bad token or feed must not leave a whole (or half a) system behind.
        await ExistingContractsCheck.RunAsync(web3, options, chainId, ct).ConfigureAwait(false);

        TransactionReceipt? first = null;
        async Task<Address> Deploy<T>(T deployment) where T : ContractDeploymentMessage, new()
        {
            var receipt = await web3.Eth.GetContractDeploymentHandler<T>().SendRequestAndWaitForReceiptAsync(deployment, ct).ConfigureAwait(false);
            first ??= receipt;
            return Address.Parse(receipt.ContractAddress!);
        }

        var token = options.SettlementToken ?? await Deploy(new TestUSDCDeployment { Owner = owner }).ConfigureAwait(false);
        var tokenDecimals = await new TestUSDCService(web3, token).DecimalsQueryAsync(cancellationToken: ct).ConfigureAwait(false);

        var feed = options.PriceFeed;
        if (feed is null)
        {
            var oracleAddress = await Deploy(new PriceOracleDeployment
            {
                Decimals = options.OracleDecimals, Description = options.OracleDescription, Owner = owner,
            }).ConfigureAwait(false);
            var oracle = new PriceOracleService(web3, oracleAddress);
            await oracle.SetReporterRequestAndWaitForReceiptAsync(owner, true, ct).ConfigureAwait(false);
            await oracle.SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(options.InitialPrice, options.OracleDecimals), ct).ConfigureAwait(false);
            feed = oracleAddress;
        }

        var pool = await Deploy(new LiquidityPoolDeployment { Asset = token, Owner = owner, Cooldown = options.PoolCooldownSeconds }).ConfigureAwait(false);
        var fund = await Deploy(new InsuranceFundDeployment { Token = token, Pool = pool, Owner = owner }).ConfigureAwait(false);
        var config = await Deploy(new MarketConfigDeployment { Owner = owner }).ConfigureAwait(false);
        var factory = await Deploy(new VaultFactoryDeployment { Token = token, Pool = pool, InsuranceFund = fund, Config = config }).ConfigureAwait(false);
        var lens = await Deploy(new VaultLensDeployment { Factory = factory }).ConfigureAwait(false);

        await new LiquidityPoolService(web3, pool).SetFactoryRequestAndWaitForReceiptAsync(factory, ct).ConfigureAwait(false);
        await new InsuranceFundService(web3, fund).SetFactoryRequestAndWaitForReceiptAsync(factory, ct).ConfigureAwait(false);
        var marketConfig = new MarketConfigService(web3, config);
        // The factory keeps a packed copy of every market, pushed by the config: wire it before the first market.
        await marketConfig.SetFactoryRequestAndWaitForReceiptAsync(factory, ct).ConfigureAwait(false);
        var created = await marketConfig.CreateMarketRequestAndWaitForReceiptAsync(options.Market.ToMarketParams(feed.Value, tokenDecimals), ct).ConfigureAwait(false);
        var marketId = created.DecodeAllEvents<MarketParamsSetEventDTO>().Single().Event.MarketId;

        return new VaultsDeployment
        {
            ChainId = chainId,
            DeploymentBlock = (long)first!.BlockNumber.Value,
            SettlementToken = token,
            PriceOracle = feed.Value,
            LiquidityPool = pool,
            InsuranceFund = fund,
            MarketConfig = config,
            VaultFactory = factory,
            VaultLens = lens,
            MarketId = (ulong)marketId,
        };
    }
}
