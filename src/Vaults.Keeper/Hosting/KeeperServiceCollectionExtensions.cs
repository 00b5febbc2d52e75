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
        // Hosted services stop in reverse order: the endpoint, added first, serves /healthz ("failed" after a fatal error) until the keeper has stopped.
        if (options.HttpPort > 0) services.AddHostedService<KeeperHttpEndpoint>();
        services.AddHostedService<KeeperDaemon>();
        return services;
    }
}
