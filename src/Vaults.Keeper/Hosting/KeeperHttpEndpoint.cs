using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// <c>GET /healthz</c> (200 "ok" once synced; 503 "syncing" before, "degraded: ..." with the reason and the duration while the node does
/// not answer, "failed" after a fatal error) and <c>GET /metrics</c> (Prometheus text) on
/// 127.0.0.1 only, with <see cref="HttpListener"/>: two read-only routes do not need a web framework. It keeps answering until every
/// hosted service has stopped (<see cref="StoppedAsync"/>), so /healthz says "failed" while a keeper that met a fatal error shuts down.
/// </summary>
internal sealed class KeeperHttpEndpoint(KeeperOptions options, KeeperStatus status, KeeperMetrics metrics, ILogger<KeeperHttpEndpoint> logger)
    : BackgroundService, IHostedLifecycleService
{
    private HttpListener _listener = new();

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            _listener.Prefixes.Add($"http://127.0.0.1:{options.HttpPort}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException e)
            {
                throw new KeeperStartupException($"Cannot serve /healthz and /metrics on 127.0.0.1:{options.HttpPort}: {e.Message}");
            }
            catch (ArgumentNullException) when (attempt < 5)
            {
                // .NET's managed HttpListener can fail inside Start when a connection is already waiting on the port (its accept
                // completes before the listener's constructor has finished: ArgumentNullException from Monitor.Enter). A client
                // probing /healthz early is enough; a fresh listener a moment later starts.
                _listener.Close();
                _listener = new HttpListener();
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
        HostingLog.HttpListening(logger, options.HttpPort);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Not yet: the daemon may still be stopping (after a fatal error, /healthz should say so meanwhile).</summary>
    public override Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every hosted service has stopped: stop serving.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken) => base.StopAsync(cancellationToken);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var registration = stoppingToken.Register(_listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            Respond(context);
        }
    }

    private void Respond(HttpListenerContext context)
    {
        var (code, contentType, body) = context.Request.Url?.AbsolutePath switch
        {
            "/healthz" when status.FatalError is null && status.RpcFailing is { } failing => (503, "text/plain", Degraded(failing)),
            "/healthz" when status.IsSynced && status.FatalError is null => (200, "text/plain", "ok\n"),
            "/healthz" => (503, "text/plain", status.FatalError is null ? "syncing\n" : "failed\n"),
            "/metrics" => (200, "text/plain; version=0.0.4", metrics.RenderPrometheus()),
            _ => (404, "text/plain", "not found\n"),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        var response = context.Response;
        try
        {
            response.StatusCode = code;
            response.ContentType = contentType;
            response.ContentLength64 = bytes.Length;
            response.OutputStream.Write(bytes);
        }
        catch (Exception e) when (e is HttpListenerException or IOException)
        {
            // The client went away; nothing to do.
        }
        finally
        {
            response.Close();
        }
    }

    /// <summary>"degraded: ..." with how long the node has not answered and why (URLs in the reason are already redacted).</summary>
    private static string Degraded((DateTimeOffset Since, string Error) failing)
    {
        var seconds = Math.Max(0, (DateTimeOffset.UtcNow - failing.Since).TotalSeconds);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"degraded: the node has not answered for {seconds:0} s (since {failing.Since:u}): {failing.Error.ReplaceLineEndings(" ")}\n");
    }

    public override void Dispose()
    {
        // base.Dispose cancels the stopping token, whose callback stops the listener: it must still be open then.
        base.Dispose();
        _listener.Close();
    }
}
