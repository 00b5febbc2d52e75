namespace Vaults.Devnet;

/// <summary>Starts each node as a child <c>node scripts/run-node.js</c> process (<see cref="HardhatNode"/>).</summary>
/// <param name="options">How to run the node; its <see cref="HardhatNodeOptions.Port"/> is ignored (every node gets a free port).</param>
/// <param name="reason">Why this launcher was chosen, appended to <see cref="Description"/> (e.g. no Docker daemon answered).</param>
public sealed class ProcessNodeLauncher(HardhatNodeOptions options, string? reason = null) : INodeLauncher
{
    /// <inheritdoc />
    public string Description => reason is null ? "Hardhat as a child process" : $"Hardhat as a child process ({reason})";

    /// <inheritdoc />
    public async Task<IDevnetNode> StartAsync(CancellationToken ct = default) =>
        await HardhatNode.StartAsync(options with { Port = null }, logger: null, ct).ConfigureAwait(false);
}
