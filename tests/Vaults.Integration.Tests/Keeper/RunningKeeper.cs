using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vaults.Keeper.Hosting;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>A keeper host built with <see cref="KeeperApp.Build"/> and started, with its status and every log line.</summary>
public sealed class RunningKeeper
{
    private bool _stopped;

    private RunningKeeper(IHost host, LogSink logs)
    {
        Host = host;
        Status = host.Services.GetRequiredService<KeeperStatus>();
        Logs = logs;
    }

    public IHost Host { get; }

    public KeeperStatus Status { get; }

    public LogSink Logs { get; }

    public static async Task<RunningKeeper> StartAsync(KeeperOptions options)
    {
        var logs = new LogSink();
        var keeper = new RunningKeeper(KeeperApp.Build(options, logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)), logs);
        await keeper.Host.StartAsync();
        return keeper;
    }

    /// <summary>Stops (gracefully) and disposes the host; safe to call twice.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await Host.StopAsync();
        Host.Dispose();
    }
}
