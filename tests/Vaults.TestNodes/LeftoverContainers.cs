using Docker.DotNet.Models;

namespace Vaults.TestNodes;

/// <summary>Removes test-node containers left behind by test runs that were killed before they could remove them.</summary>
internal static class LeftoverContainers
{
    /// <summary>Removes every labelled container whose owning process is gone; returns how many. Containers of live runs stay.</summary>
    public static async Task<int> RemoveAsync(DockerDaemon daemon, CancellationToken ct)
    {
        using var client = daemon.CreateClient(TimeSpan.FromSeconds(30));
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [ContainerLabels.Node] = true } },
        }, ct).ConfigureAwait(false);
        var removed = 0;
        foreach (var container in containers.Where(c => ContainerLabels.OwnerIsGone(c.Labels)))
        {
            try
            {
                await client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, ct).ConfigureAwait(false);
                removed++;
            }
            catch (Docker.DotNet.DockerContainerNotFoundException)
            {
                // Another test run removed it first.
            }
        }
        return removed;
    }
}
