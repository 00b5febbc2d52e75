using Microsoft.Data.Sqlite;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Integration.Tests.VaultSystem;
using Vaults.Keeper.Hosting;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>
/// The node (its process, or its container on the Docker path) is killed while the keeper runs, then restarted on the same port with its state restored by replaying the same
/// transactions (Hardhat 2 keeps its chain in memory and has no state dump; the replay recreates the same addresses and blocks, with
/// new block hashes). The keeper rides out the outage, notices the changed chain by its block hashes, rewinds, catches up and
/// liquidates the vaults the next price update breaks, once. Its own node, so the shared fixture's chain is never touched.
/// </summary>
public sealed class KeeperNodeFaultTests : IAsyncLifetime
{
    private const int KeeperAccount = 8;
    private readonly VaultsFixture _system = new();
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"keeper-fault-{Guid.NewGuid():N}.db");

    public Task InitializeAsync() => _system.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _system.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }

    /// <summary>Two longs that 1,780 breaks (C = 250 and 270) and one it does not (C = 450); deterministic addresses (vault nonce 0).</summary>
    private async Task<List<Address>> OpenVaultsAsync()
    {
        var vaults = new List<Address>();
        foreach (var (trader, collateral) in new[] { (2, 250m), (3, 270m), (4, 450m) })
        {
            var receipt = await new VaultFactoryService(_system.Devnet.CreateWeb3(trader), _system.Deployment.VaultFactory).OpenVaultRequestAndWaitForReceiptAsync(
                _system.Deployment.MarketId, true, Units.ToBaseUnits(collateral, 6), Units.ToBaseUnits(1m, 18), Units.ToBaseUnits(1_000_000m, 18), 0);
            vaults.Add(receipt.DecodeAllEvents<VaultOpenedEventDTO>().Single().Event.Vault);
        }
        return vaults;
    }

    private async Task<ulong> HeadAsync() => (ulong)(await _system.Devnet.Eth.BlockNumberAsync()).Value;

    private Task<RunningKeeper> StartKeeperAsync() => RunningKeeper.StartAsync(new KeeperOptions
    {
        RpcUrl = _system.Devnet.Node.RpcUrl.ToString(),
        WebSocketUrl = _system.Devnet.Node.WebSocketUrl.ToString(),
        Deployment = _system.Deployment,
        DatabasePath = _database,
        PrivateKey = _system.Devnet.Node.Accounts[KeeperAccount].PrivateKey,
        PollInterval = TimeSpan.FromMilliseconds(100),
        RpcTimeout = TimeSpan.FromSeconds(2),
        RpcRetries = 1,
    });

    /// <summary>A keeper on this node, synced, with the 3 vaults indexed.</summary>
    private async Task<RunningKeeper> StartIndexedKeeperAsync()
    {
        var keeper = await StartKeeperAsync();
        try
        {
            await keeper.Status.WaitUntilSyncedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            ulong head = await HeadAsync();
            await Eventually.WaitUntilAsync(() => Task.FromResult(keeper.Status.LastBlock == (long)head && keeper.Status.VaultsIndexed == 3), "the keeper to index the 3 vaults");
            return keeper;
        }
        catch
        {
            await keeper.StopAsync();
            throw;
        }
    }

    private async Task<ulong> PendingNonceAsync() => (ulong)(await _system.Devnet.Eth.GetTransactionCountAsync(
        _system.Devnet.Node.Accounts[KeeperAccount].Address.ToLowerHex(), BlockParameter.CreatePending())).Value;

    private Task SetPriceAsync(decimal price) =>
        new PriceOracleService(_system.Devnet.CreateWeb3(0), _system.Deployment.PriceOracle).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(price, 8));

    [Fact]
    public async Task The_keeper_recovers_by_itself_when_the_node_is_killed_and_restarted()
    {
        var vaults = await OpenVaultsAsync();
        var deployment = _system.Deployment;
        var node = _system.Devnet.Node;
        var keeper = await StartIndexedKeeperAsync();
        try
        {
            ulong head = await HeadAsync();

            // Kill the node (process or container); the keeper keeps running and counts the failed calls.
            long errorsBefore = keeper.Status.RpcErrors;
            var killed = node.Instance;
            await node.StopAsync();
            await Eventually.WaitUntilAsync(() => Task.FromResult(keeper.Status.RpcErrors > errorsBefore), "the keeper to notice the node is gone");
            await Task.Delay(1_000);
            Assert.Null(keeper.Status.FatalError);
            // Not healthy while it cannot see the chain: degraded, since when, and why.
            var failing = Assert.NotNull(keeper.Status.RpcFailing);
            Assert.True(DateTimeOffset.UtcNow - failing.Since >= TimeSpan.FromSeconds(1), $"failing since {failing.Since:O}");
            Assert.False(string.IsNullOrWhiteSpace(failing.Error));

            // A new process or container on the same port, the state replayed: same addresses, same block numbers, new hashes.
            await node.RestartAsync();
            Assert.NotEqual(killed, node.Instance);
            await _system.SetUpSystemAsync();
            Assert.Equal(deployment, _system.Deployment);
            Assert.Equal(vaults, await OpenVaultsAsync());
            Assert.Equal(head, await HeadAsync());
            await Eventually.WaitUntilAsync(() => Task.FromResult(keeper.Logs.Lines.Any(l => l.Contains("Reorg: stored block", StringComparison.Ordinal))),
                "the keeper to notice the chain's new block hashes");
            await Eventually.WaitUntilAsync(() => Task.FromResult(keeper.Status.LastBlock == (long)head && keeper.Status.VaultsIndexed == 3), "the keeper to catch up");
            Assert.Null(keeper.Status.RpcFailing); // the node answers again: healthy

            await SetPriceAsync(1_780);
            ulong priceBlock = await HeadAsync();
            await Eventually.WaitUntilAsync(() => Task.FromResult(keeper.Status.Liquidations == 2), "the keeper to liquidate the two broken vaults");

            var liquidated = await KeeperDaemonTest.LiquidationsSinceAsync(_system.Devnet.Eth, deployment.VaultFactory, 1);
            Assert.Equal(vaults.Take(2).ToHashSet(), liquidated.Select(l => (Address)l.Event.Vault).ToHashSet());
            Assert.Equal(2, liquidated.Count);
            Assert.All(liquidated, l => Assert.Equal(priceBlock + 1, l.Block));
            Assert.Null(keeper.Status.FatalError);
        }
        finally
        {
            await keeper.StopAsync();
        }
    }

    [Fact]
    public async Task A_liquidation_in_flight_when_the_node_dies_is_resolved_when_it_is_back_and_the_vaults_are_liquidated_once()
    {
        var vaults = await OpenVaultsAsync();
        var node = _system.Devnet.Node;
        var keeper = await StartIndexedKeeperAsync();
        try
        {
            // The price update is mined alone; the keeper's liquidation waits in the mempool when the node dies.
            var nonceBefore = await PendingNonceAsync(); // the replay below recreates the same account history
            await _system.Devnet.DevTools.SetAutomineAsync(false);
            await new PriceOracleService(_system.Devnet.CreateWeb3(0), _system.Deployment.PriceOracle).SubmitRequestAsync(Units.ToBaseUnits(1_780m, 8));
            await _system.Devnet.DevTools.MineAsync();
            await Eventually.WaitUntilAsync(() => Task.FromResult(keeper.Logs.Lines.Any(l => l.Contains("Sent liquidateBatch", StringComparison.Ordinal))),
                "the keeper to send its liquidation");
            var inFlight = System.Text.RegularExpressions.Regex.Match(keeper.Logs.Text, "Sent liquidateBatch (0x[0-9a-f]{64})").Groups[1].Value;
            long errorsBefore = keeper.Status.RpcErrors;
            await node.StopAsync();
            await Eventually.WaitUntilAsync(() => Task.FromResult(keeper.Status.RpcErrors > errorsBefore), "the keeper to notice the node is gone");

            // Back with the state replayed (the mempool is gone) and the price update made while the keeper could not reach it.
            await node.RestartAsync();
            await _system.SetUpSystemAsync();
            Assert.Equal(vaults, await OpenVaultsAsync());
            await SetPriceAsync(1_780);
            ulong priceBlock = await HeadAsync();

            await Eventually.WaitUntilAsync(() => Task.FromResult(keeper.Status.Liquidations == 2), "the keeper to liquidate the two broken vaults");
            Assert.Contains(keeper.Logs.Lines, l => l.Contains($"In-flight liquidation {inFlight} of this run: unknown to the node", StringComparison.Ordinal));
            var liquidated = await KeeperDaemonTest.LiquidationsSinceAsync(_system.Devnet.Eth, _system.Deployment.VaultFactory, 1);
            Assert.Equal(vaults.Take(2).ToHashSet(), liquidated.Select(l => (Address)l.Event.Vault).ToHashSet());
            Assert.Equal(2, liquidated.Count);
            Assert.All(liquidated, l => Assert.True(l.Block > priceBlock));
            Assert.Equal(nonceBefore + 1, await PendingNonceAsync()); // one liquidation sent on the restarted node, nothing else pending
            Assert.Null(keeper.Status.FatalError);
        }
        finally
        {
            await keeper.StopAsync();
        }
    }
}
