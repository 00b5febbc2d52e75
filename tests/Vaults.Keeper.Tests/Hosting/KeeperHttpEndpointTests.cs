using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vaults.Keeper.Hosting;

namespace Vaults.Keeper.Tests.Hosting;

public sealed class KeeperHttpEndpointTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Healthz_is_503_syncing_then_200_ok_then_503_degraded_while_the_node_does_not_answer_then_503_failed_after_a_fatal_error()
    {
        var status = new KeeperStatus();
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new KeeperMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), status);
        var options = new KeeperOptions { HttpPort = FreePort() };
        using var endpoint = new KeeperHttpEndpoint(options, status, metrics, NullLogger<KeeperHttpEndpoint>.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{options.HttpPort}/") };
            async Task<(HttpStatusCode, string)> HealthAsync()
            {
                using var response = await http.GetAsync("healthz");
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }

            Assert.Equal((HttpStatusCode.ServiceUnavailable, "syncing\n"), await HealthAsync());
            status.MarkSynced();
            Assert.Equal((HttpStatusCode.OK, "ok\n"), await HealthAsync());
            // The node stops answering: degraded, with the reason and for how long; an answer again: ok.
            status.RpcFailed("Connection refused (127.0.0.1:8545)");
            var (degradedCode, degraded) = await HealthAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, degradedCode);
            Assert.StartsWith("degraded: the node has not answered for ", degraded);
            Assert.Contains(" s (since ", degraded);
            Assert.EndsWith("): Connection refused (127.0.0.1:8545)\n", degraded);
            status.RpcAnswered();
            Assert.Equal((HttpStatusCode.OK, "ok\n"), await HealthAsync());
            status.Fail("The keeper database keeper.db failed: disk I/O error");
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "failed\n"), await HealthAsync());
            await endpoint.StopAsync(CancellationToken.None); // the host stopping the services: still answering until all have stopped
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "failed\n"), await HealthAsync());
            Assert.Contains("keeper_synced 1", await http.GetStringAsync("metrics"));
        }
        finally
        {
            await endpoint.StopAsync(CancellationToken.None);
            await endpoint.StoppedAsync(CancellationToken.None);
        }
    }
}
