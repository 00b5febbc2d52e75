using Microsoft.Extensions.DependencyInjection;

namespace Vaults.Keeper.Hosting;

/// <summary>Wires the keeper daemon into a host.</summary>
public static class KeeperServiceCollectionExtensions
{
    /// <summary>Adds the keeper (its options, status, metrics, the daemon, and /healthz + /metrics when <see cref="KeeperOptions.HttpPort"/> is set).</summary>
    public static IServiceCollection AddKeeper(this IServiceCollection services, KeeperOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<KeeperStatus>();
        services.AddMetrics();
        services.AddSingleton<KeeperMetrics>();
        services.AddHostedService<KeeperDaemon>();
        // After the daemon: the endpoint binds only once the daemon's start checks passed (and stops last, see KeeperHttpEndpoint).
        if (options.HttpPort > 0) services.AddHostedService<KeeperHttpEndpoint>();
        return services;
    }
}
