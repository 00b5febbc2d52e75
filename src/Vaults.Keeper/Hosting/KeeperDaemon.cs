using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The hosted service: at start, checks the configuration against the world (deployment file, key, node, chain id) so that a bad
/// setup fails <c>StartAsync</c> with one line; then runs the <see cref="KeeperEngine"/> until the host stops. An error the engine
/// lets out ends the keeper loudly: <see cref="KeeperStatus.Fail"/> (so /healthz answers 503 "failed" and the process exits with 1 and
/// one line on stderr), one critical log line without a stack trace, and the host is stopped.
/// </summary>
internal sealed class KeeperDaemon(KeeperOptions options, KeeperStatus status, KeeperMetrics metrics, ILoggerFactory loggers,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<KeeperDaemon>();
    private KeeperEngine? _engine;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _engine = await KeeperEngine.CreateAsync(options, status, metrics, loggers, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _engine!.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Left to the host, the error would be logged with its stack trace (or filtered away) and the process would exit with 0.
            var error = (e is KeeperFatalException ? e.Message : $"{e.GetType().Name}: {e.Message}").ReplaceLineEndings(" ");
            status.Fail(error);
            HostingLog.Fatal(_logger, error);
            lifetime.StopApplication();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_engine is not null) await _engine.DisposeAsync().ConfigureAwait(false);
    }
}
