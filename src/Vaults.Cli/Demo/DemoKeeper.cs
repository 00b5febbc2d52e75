using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vaults.Client;
using Vaults.Devnet;
using Vaults.Keeper.Hosting;

namespace Vaults.Cli.Demo;

/// <summary>The real keeper daemon, in-process: built with <see cref="KeeperApp.Build"/>, started, and stopped with the demo.</summary>
internal sealed class DemoKeeper : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _database;

    private DemoKeeper(IHost host, string database)
    {
        _host = host;
        _database = database;
    }

    /// <summary>Starts the keeper on <paramref name="devnet"/> with dev account <paramref name="account"/> and waits until it has indexed every vault.</summary>
    public static async Task<DemoKeeper> StartAsync(LocalDevnet devnet, int account, CancellationToken ct)
    {
        var database = Path.Combine(Path.GetTempPath(), $"vaults-demo-keeper-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        var host = KeeperApp.Build(new KeeperOptions
        {
            RpcUrl = devnet.RpcUrl,
            WebSocketUrl = devnet.Node.WebSocketUrl.ToString(),
            Deployment = devnet.Deployment,
            DatabasePath = database,
            // In-process only: a published dev key on the local devnet.
            PrivateKey = HardhatDevAccounts.PublishedDevKeys[account].PrivateKey,
            PollInterval = TimeSpan.FromMilliseconds(250),
        }, logging => logging.ClearProviders()); // the demo shows what happens on chain, not the keeper's logs
        var keeper = new DemoKeeper(host, database);
        try
        {
            await host.StartAsync(ct);
            await host.Services.GetRequiredService<KeeperStatus>().WaitUntilSyncedAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
            return keeper;
        }
        catch
        {
            await keeper.DisposeAsync();
            throw;
        }
    }

    public KeeperStatus Status => _host.Services.GetRequiredService<KeeperStatus>();

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try { await _host.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        }
        _host.Dispose();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
            try { File.Delete(file); } catch (IOException) { }
    }
}
