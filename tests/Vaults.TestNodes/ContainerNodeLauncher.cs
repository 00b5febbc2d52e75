using System.Reflection;
using DotNet.Testcontainers.Builders;
using Vaults.Devnet;

namespace Vaults.TestNodes;

/// <summary>Starts each node in its own container of <paramref name="image"/> (see <see cref="ContainerNode"/>).</summary>
/// <param name="leftovers">How many containers of killed test runs were removed before this launcher was made (said in <see cref="Description"/>).</param>
internal sealed class ContainerNodeLauncher(string image, DockerDaemon daemon, int leftovers) : INodeLauncher
{
    private readonly IReadOnlyDictionary<string, string> _labels = ContainerLabels.ForThisProcess();

    /// <summary>The Testcontainers package version, e.g. <c>4.17.0</c>.</summary>
    public static string TestcontainersVersion =>
        typeof(ContainerBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ContainerBuilder).Assembly.GetName().Version?.ToString() ?? "?";

    /// <inheritdoc />
    public string Description =>
        $"Hardhat in a Docker container (Testcontainers {TestcontainersVersion}), image {image}, Docker {daemon.Version} (API {daemon.ApiVersion}) at {daemon.Endpoint}"
        + (leftovers > 0 ? $", {leftovers} leftover container(s) of killed test runs removed" : "");

    /// <inheritdoc />
    public async Task<IDevnetNode> StartAsync(CancellationToken ct = default) =>
        await ContainerNode.StartAsync(image, _labels, ct).ConfigureAwait(false);
}
