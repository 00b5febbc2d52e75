namespace Vaults.Devnet;

/// <summary>Starts Hardhat nodes one way (a child process, a container); tests take whichever the machine supports.</summary>
public interface INodeLauncher
{
    /// <summary>One line for a log saying how nodes are started, e.g. <c>Hardhat as a child process (...)</c>.</summary>
    string Description { get; }

    /// <summary>Starts a node on a free 127.0.0.1 port and waits until it answers.</summary>
    Task<IDevnetNode> StartAsync(CancellationToken ct = default);
}
