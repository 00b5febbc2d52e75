using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.TestUSDC;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Devnet;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Web3.Accounts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.NonceServices;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>A position to open: side and collateral in whole tokens (size 1 at the 2,000 deployment price).</summary>
internal sealed record VaultToOpen(bool IsLong, decimal Collateral, ulong MarketId = 0);

/// <summary>
/// A Hardhat node with the Vaults system deployed (<see cref="VaultsDeployer"/>, open interest capped at 100,000 a side) and
/// funded for 10,000 vaults and more: 100,000,000 tUSDC of pool liquidity (each vault reserves up to 5x its collateral),
/// traders 2 to 8 with 3,000,000 tUSDC each and an unlimited allowance.
/// Setup traffic goes through an uncounted client; <see cref="Keeper"/> is a Web3 on the <see cref="Counting"/> client.
/// </summary>
internal sealed class ScaleDevnet : IAsyncDisposable
{
    private const int Admin = 0, Lp = 1, FirstTrader = 2, Traders = 7, KeeperAccount = 9;
    // A fixed gas limit skips each open's estimation (about 200,000 used), so opens can be sent back to back without mining.
    private static readonly BigInteger OpenGas = 350_000;
    // Opens each trader sends before they are mined: 7 traders x 20 = 140 opens, one or two blocks.
    private const int OpenWave = 20;

    private readonly HardhatNode _node;
    private readonly RpcClient _client;
    private readonly VaultsTransactionManagerOptions _options = new() { ReceiptPollInterval = TimeSpan.FromMilliseconds(5) };
    private readonly Dictionary<int, ulong> _openNonces = [];
    private readonly Dictionary<int, Web3> _signers = [];

    private ScaleDevnet(HardhatNode node, RpcClient client, VaultsDeployment deployment)
    {
        _node = node;
        _client = client;
        Deployment = deployment;
        Counting = new CountingClient(client);
        // The keeper's fees as the daemon suggests them (KeeperConnection): one eth_getBlockByNumber per send, whatever the history.
        Keeper = VaultsTransactionManager.CreateWeb3(new Account(node.Accounts[KeeperAccount].PrivateKey, node.ChainId), Counting,
            _options with { FeeSuggestion = FeeSuggestion.LatestBlock });
        DevTools = new DevToolsService(client);
        Reader = new Web3(client);
    }

    /// <summary>The deployed system (one market, price 2,000).</summary>
    public VaultsDeployment Deployment { get; private set; }

    /// <summary>Adds a market at price 2,000 with its own PriceOracle (open interest capped at 100,000 a side), as <c>vaults market add</c> does.</summary>
    public async Task<DeployedMarket> AddMarketAsync(string name)
    {
        var added = await new VaultsDeployer(Signer(Admin)).AddMarketAsync(Deployment,
            new MarketSpec { Name = name, InitialPrice = 2_000m, Settings = new MarketSettings { MaxOpenInterest = 100_000 } });
        Deployment = added.Deployment;
        return added.Market;
    }

    /// <summary>Posts a price (quote units) to <paramref name="feed"/> from the reporter; mined at once.</summary>
    public Task SetPriceAsync(Address feed, decimal price) =>
        new PriceOracleService(Signer(Admin), feed).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(price, 8));

    /// <summary>Counts every JSON-RPC request the keeper makes.</summary>
    public CountingClient Counting { get; }

    /// <summary>The keeper's account, on the counting client.</summary>
    public IWeb3 Keeper { get; }

    /// <summary>An uncounted Web3 without account, for setup reads (the index scan).</summary>
    public IWeb3 Reader { get; }

    /// <summary>evm_* controls.</summary>
    public DevToolsService DevTools { get; }

    /// <summary>Starts a node, deploys and funds the system.</summary>
    public static async Task<ScaleDevnet> StartAsync()
    {
        var node = await HardhatNode.StartAsync(new HardhatNodeOptions());
        try
        {
            var client = new RpcClient(node.RpcUrl);
            var deployment = await new VaultsDeployer(VaultsTransactionManager.CreateWeb3(new Account(node.Accounts[Admin].PrivateKey, node.ChainId), client))
                .DeployAsync(new VaultsDeployer.Options { Market = new MarketSettings { MaxOpenInterest = 100_000 } });
            var devnet = new ScaleDevnet(node, client, deployment);
            await devnet.FundAsync();
            return devnet;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Posts a price (quote units) from the reporter; mined at once (automine).</summary>
    public Task SetPriceAsync(decimal price) =>
        new PriceOracleService(Signer(Admin), Deployment.PriceOracle).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(price, 8));

    /// <summary>
    /// Opens <paramref name="vaults"/> round-robin over the traders with automine off: each trader sends its opens back to back,
    /// then blocks are mined (as many opens per block as the gas limit holds) until every trader's last open has a receipt.
    /// </summary>
    public async Task OpenAsync(IReadOnlyList<VaultToOpen> vaults)
    {
        // Messages first, on this thread: the per-trader open nonces are plain state, not to be touched by concurrent sends.
        var byTrader = Enumerable.Range(FirstTrader, Traders)
            .Select(trader => (Trader: trader, Messages: vaults.Where((_, i) => i % Traders == trader - FirstTrader).Select(v => OpenMessage(trader, v)).ToList()))
            .Where(t => t.Messages.Count > 0)
            .ToList();
        await DevTools.SetAutomineAsync(false);
        try
        {
            // In waves of OpenWave per trader, mined before the next: Hardhat's mempool takes each new transaction more slowly the
            // fuller it is (800 opens pending took seconds per send under load, and the run never finished).
            for (int wave = 0; byTrader.Any(t => t.Messages.Count > wave * OpenWave); wave++)
            {
                var lastHashes = await Task.WhenAll(byTrader.Where(t => t.Messages.Count > wave * OpenWave).Select(async t =>
                {
                    var factory = new VaultFactoryService(Signer(t.Trader), Deployment.VaultFactory);
                    string last = "";
                    foreach (var message in t.Messages.Skip(wave * OpenWave).Take(OpenWave)) last = await factory.OpenVaultRequestAsync(message);
                    return last;
                }));
                foreach (var hash in lastHashes)
                {
                    while (await Reader.Eth.GetTransactionReceiptAsync(hash) is null)
                        await DevTools.MineAsync();
                }
            }
        }
        finally
        {
            await DevTools.SetAutomineAsync(true);
        }
    }

    private OpenVaultFunction OpenMessage(int trader, VaultToOpen vault)
    {
        var nonce = _openNonces.GetValueOrDefault(trader);
        _openNonces[trader] = nonce + 1;
        return new OpenVaultFunction
        {
            MarketId = vault.MarketId,
            IsLong = vault.IsLong,
            Collateral = Units.ToBaseUnits(vault.Collateral, 6),
            Size = Units.ToBaseUnits(1, 18),
            AcceptablePrice = vault.IsLong ? Units.ToBaseUnits(1_000_000, 18) : BigInteger.Zero,
            NonceValue = nonce, // openVault's own nonce (the vault's CREATE2 salt); "Nonce" is the transaction's
            Gas = OpenGas,
            // Fixed fees: the fee suggestion's eth_feeHistory makes Hardhat build its pending block, with every open already sent in it, on
            // every send (a few sends a second with a hundred pending).
            MaxFeePerGas = 100_000_000_000,
            MaxPriorityFeePerGas = 1_000_000_000,
        };
    }

    private async Task FundAsync()
    {
        BigInteger Usdc(decimal v) => Units.ToBaseUnits(v, 6);
        var token = new TestUSDCService(Signer(Admin), Deployment.SettlementToken);
        var lp = _node.Accounts[Lp].Address;
        await token.MintRequestAndWaitForReceiptAsync(lp, Usdc(100_000_000));
        await new TestUSDCService(Signer(Lp), Deployment.SettlementToken).ApproveRequestAndWaitForReceiptAsync(Deployment.LiquidityPool, Usdc(100_000_000));
        await new LiquidityPoolService(Signer(Lp), Deployment.LiquidityPool).DepositRequestAndWaitForReceiptAsync(Usdc(100_000_000), lp);
        await token.MintRequestAndWaitForReceiptAsync(Deployment.InsuranceFund, Usdc(100_000));
        for (int trader = FirstTrader; trader < FirstTrader + Traders; trader++)
        {
            await token.MintRequestAndWaitForReceiptAsync(_node.Accounts[trader].Address, Usdc(3_000_000));
            await new TestUSDCService(Signer(trader), Deployment.SettlementToken)
                .ApproveRequestAndWaitForReceiptAsync(Deployment.VaultFactory, (BigInteger.One << 256) - 1);
        }
    }

    /// <summary>The uncounted signing Web3 of dev account <paramref name="account"/> (one per account, so its nonces stay in order).</summary>
    private Web3 Signer(int account) => _signers.TryGetValue(account, out var web3)
        ? web3
        : _signers[account] = VaultsTransactionManager.CreateWeb3(new Account(_node.Accounts[account].PrivateKey, _node.ChainId), _client, _options);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _node.DisposeAsync();
}
