using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;
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
        var logs = new LogSink();
        var host = KeeperApp.Build(options, logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var keeper = new RunningKeeper(host, host.Services.GetRequiredService<KeeperStatus>(), logs);
        _keepers.Add(keeper);
        await host.StartAsync();
        return keeper;
    }

    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails after <paramref name="seconds"/>.</summary>
    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(50);
        }
    }

    /// <inheritdoc cref="WaitUntilAsync(Func{Task{bool}}, string, int)"/>
    protected static Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30) =>
        WaitUntilAsync(() => Task.FromResult(condition()), what, seconds);

    protected async Task<ulong> BlockNumberAsync() => (ulong)(await Devnet.Eth.BlockNumberAsync()).Value;

    /// <summary>Every VaultLiquidated event of the factory from <paramref name="fromBlock"/> to the head, with its block.</summary>
    protected async Task<IReadOnlyList<(ulong Block, VaultLiquidatedEventDTO Event)>> LiquidationsSinceAsync(ulong fromBlock)
    {
        var logs = await Devnet.Eth.GetLogsAsync(new NewFilterInput
        {
            Address = [Deployment.VaultFactory.ToLowerHex()],
            FromBlock = new BlockParameter(fromBlock),
            ToBlock = BlockParameter.CreateLatest(),
            Topics = [new[] { HexConvert.ToHex(new VaultLiquidatedEventDTO().GetEventAbi().Topic0) }],
        });
        return [.. logs.Select(l => ((ulong)l.BlockNumber!.Value.Value, Event<VaultLiquidatedEventDTO>.TryDecode(l)!.Event))];
    }

    protected async Task<byte> PositionStatusAsync(Address vault) => (await Factory().PositionQueryAsync(vault)).Status;

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var keeper in _keepers) await keeper.StopAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in _files)
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
        await DisposeAsync();
    }

    /// <summary>A started keeper host, its status and its log lines.</summary>
    protected sealed class RunningKeeper(IHost host, KeeperStatus status, LogSink logs)
    {
        private bool _stopped;

        public IHost Host { get; } = host;

        public KeeperStatus Status { get; } = status;

        public LogSink Logs { get; } = logs;

        public async Task StopAsync()
        {
            if (_stopped) return;
            _stopped = true;
            await Host.StopAsync();
            Host.Dispose();
        }
    }
}
