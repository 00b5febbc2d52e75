using Microsoft.Data.Sqlite;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Nethereum.Hex.HexTypes;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Integration.Tests.VaultSystem;
using Vaults.Keeper.Hosting;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>
/// Base for tests of the whole keeper daemon on the real node: keepers built with <see cref="KeeperApp.Build"/> from a dev account's key,
/// each with a real SQLite file (deleted after the test), started and stopped like a host; helpers to wait for them and to read the chain's
/// liquidation events.
/// </summary>
public abstract class KeeperDaemonTest(VaultsFixture vaults) : VaultsTest(vaults), IAsyncLifetime
{
    private readonly List<RunningKeeper> _keepers = [];
    private readonly List<string> _files = [];

    /// <summary>A fresh database path, deleted (with its WAL files) after the test.</summary>
    protected string NewDatabasePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"keeper-daemon-{Guid.NewGuid():N}.db");
        _files.Add(path);
        return path;
    }

    /// <summary>Options for a keeper signing with dev account <paramref name="account"/>.</summary>
    protected KeeperOptions Options(int account, string database, bool webSocket = true) => new()
    {
        RpcUrl = Devnet.Node.RpcUrl.ToString(),
        WebSocketUrl = webSocket ? Devnet.Node.WebSocketUrl.ToString() : null,
        Deployment = Deployment,
        DatabasePath = database,
        PrivateKey = Devnet.Node.Accounts[account].PrivateKey,
        PollInterval = TimeSpan.FromMilliseconds(100),
        RpcTimeout = TimeSpan.FromSeconds(5),
        ScanChunkSize = 50,
    };

    /// <summary>Builds and starts a keeper; it is stopped after the test if the test did not stop it.</summary>
    protected async Task<RunningKeeper> StartKeeperAsync(KeeperOptions options)
    {
        var keeper = await RunningKeeper.StartAsync(options);
        _keepers.Add(keeper);
        return keeper;
    }

    /// <inheritdoc cref="Eventually.WaitUntilAsync(Func{Task{bool}}, string, int)"/>
    protected static Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30) => Eventually.WaitUntilAsync(condition, what, seconds);

    /// <inheritdoc cref="Eventually.WaitUntilAsync(Func{Task{bool}}, string, int)"/>
    protected static Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30) =>
        Eventually.WaitUntilAsync(() => Task.FromResult(condition()), what, seconds);

    protected async Task<ulong> BlockNumberAsync() => (ulong)(await Devnet.Eth.BlockNumberAsync()).Value;

    /// <summary>Every VaultLiquidated event of the factory from <paramref name="fromBlock"/> to the head, with its block.</summary>
    protected Task<IReadOnlyList<(ulong Block, VaultLiquidatedEventDTO Event)>> LiquidationsSinceAsync(ulong fromBlock) =>
        LiquidationsSinceAsync(Devnet.Eth, Deployment.VaultFactory, fromBlock);

    /// <summary>Every VaultLiquidated event of <paramref name="factory"/> from <paramref name="fromBlock"/> to the head, with its block.</summary>
    public static async Task<IReadOnlyList<(ulong Block, VaultLiquidatedEventDTO Event)>> LiquidationsSinceAsync(IEthApiService eth, Address factory, ulong fromBlock)
    {
        var logs = await eth.GetLogsAsync(new NewFilterInput
        {
            Address = [factory.ToLowerHex()],
            FromBlock = new BlockParameter(fromBlock),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = new object[] { new[] { EventLogs.Topic0<VaultLiquidatedEventDTO>() } },
        });
        return [.. logs.Select(l => ((ulong)l.BlockNumber.Value, EventLogs.TryDecode<VaultLiquidatedEventDTO>(l)!.Event))];
    }

    /// <summary>The number of transactions <paramref name="account"/> has had mined.</summary>
    protected async Task<ulong> MinedNonceAsync(int account) =>
        (ulong)(await Devnet.Eth.GetTransactionCountAsync(AccountAddress(account).ToLowerHex(), BlockParameter.CreateLatest())).Value;

    /// <summary>With automine off: sends a price update (reporter, account 0) and mines it alone in a block; returns that block.</summary>
    protected async Task<ulong> MinePriceUpdateAsync(decimal price)
    {
        await new PriceOracleService(Web3(0), Deployment.PriceOracle).SubmitRequestAsync(Units.ToBaseUnits(price, 8));
        await Devnet.DevTools.MineAsync();
        return await BlockNumberAsync();
    }

    /// <summary>Runs <paramref name="test"/> with automine off (a block only when the test mines one), and turns it back on after.</summary>
    protected async Task WithoutAutomineAsync(Func<Task> test)
    {
        await Devnet.DevTools.SetAutomineAsync(false);
        try
        {
            await test();
        }
        finally
        {
            await Devnet.DevTools.SetAutomineAsync(true);
        }
    }

    protected async Task<byte> PositionStatusAsync(Address vault) => (await Factory().PositionQueryAsync(vault)).Status;

    /// <summary>Deletes what a test class created, after its keepers stopped and SQLite let go of the files.</summary>
    protected virtual void Cleanup() { }

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var keeper in _keepers) await keeper.StopAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in _files)
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        Cleanup();
        await DisposeAsync();
    }
}
