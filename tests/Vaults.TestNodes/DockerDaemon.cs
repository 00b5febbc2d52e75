using Docker.DotNet;

namespace Vaults.TestNodes;

/// <summary>The Docker daemon the tests talk to, found the way Testcontainers finds it by default (DOCKER_HOST, else the local socket).</summary>
/// <param name="Endpoint">Where it answered.</param>
/// <param name="Version">The engine version, e.g. <c>20.10.24+dfsg1</c>.</param>
/// <param name="ApiVersion">The newest API version it speaks, e.g. <c>1.41</c>.</param>
internal sealed record DockerDaemon(Uri Endpoint, string Version, string ApiVersion)
{
    /// <summary>The oldest API every call here works with; newer daemons still accept it.</summary>
    private static readonly Version ProbeApiVersion = new(1, 41);

    /// <summary>Testcontainers 4.17 asks for this API version unless <c>DOCKER_API_VERSION</c> says otherwise.</summary>
    private static readonly Version TestcontainersApiVersion = new(1, 44);

    /// <summary>DOCKER_HOST, or the default local socket.</summary>
    public static Uri DefaultEndpoint =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? new Uri(host) : new Uri("unix:///var/run/docker.sock");

    /// <summary>A client for this daemon at the API version every daemon here speaks.</summary>
    public DockerClient CreateClient(TimeSpan timeout) => CreateClient(Endpoint, timeout);

    /// <summary>Asks the daemon at <see cref="DefaultEndpoint"/> for its version; null and the reason when nothing usable answers.</summary>
    public static async Task<(DockerDaemon? Daemon, string Failure)> ProbeAsync(CancellationToken ct)
    {
        var endpoint = DefaultEndpoint;
        if (endpoint.IsUnc || (endpoint.Scheme == "unix" && !File.Exists(endpoint.LocalPath)))
            return (null, $"no Docker daemon answered at {endpoint} (no such socket)");
        try
        {
            using var client = CreateClient(endpoint, TimeSpan.FromSeconds(5));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var version = await client.System.GetVersionAsync(timeout.Token).ConfigureAwait(false);
            return (new DockerDaemon(endpoint, version.Version, version.APIVersion), "");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return (null, $"no Docker daemon answered at {endpoint} ({FirstLine(e.Message)})");
        }
    }

    /// <summary>
    /// Testcontainers 4.17 refuses a daemon older than API 1.44 unless <c>DOCKER_API_VERSION</c> is set; Debian's Docker 20.10
    /// speaks 1.41. Set it to what the daemon speaks when nobody chose, before Testcontainers makes its first client.
    /// Ryuk (the reaper container) cannot be pulled here: the fixtures remove their containers themselves.
    /// </summary>
    public void ConfigureTestcontainers()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION"))
            && System.Version.TryParse(ApiVersion, out var api) && api < TestcontainersApiVersion)
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", ApiVersion);
        DotNet.Testcontainers.Configurations.TestcontainersSettings.ResourceReaperEnabled = false;
    }

    private static DockerClient CreateClient(Uri endpoint, TimeSpan timeout) =>
        new DockerClientBuilder().WithEndpoint(endpoint).WithApiVersion(ProbeApiVersion).WithTimeout(timeout).Build();

    internal static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
