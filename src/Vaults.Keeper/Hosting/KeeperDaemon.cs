using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The hosted service: at start, checks the configuration against the world (deployment file, key, node, chain id) so that a bad
/// setup fails <c>StartAsync</c> with one line; then runs the <see cref="KeeperEngine"/> until the host stops.
/// </summary>
internal sealed class KeeperDaemon(KeeperOptions options, KeeperStatus status, KeeperMetrics metrics, ILoggerFactory loggers) : BackgroundService
{
    private KeeperEngine? _engine;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _engine = await KeeperEngine.CreateAsync(options, status, metrics, loggers, cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _engine!.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_engine is not null) await _engine.DisposeAsync().ConfigureAwait(false);
    }
}
