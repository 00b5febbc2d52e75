namespace Vaults.Devnet;

/// <summary>The Hardhat node exited or did not answer in time while starting; the message carries its output tail.</summary>
public sealed class HardhatNodeStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HardhatNodeStartException(string message) : base(message) { }

    /// <summary>Creates the exception with the underlying cause.</summary>
    public HardhatNodeStartException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The port asked for was already in use on 127.0.0.1 (another node holds it); null for other failures.</summary>
    public int? PortInUse { get; init; }

    /// <summary>The port asked for is taken: one line naming it.</summary>
    public static HardhatNodeStartException PortTaken(int port) =>
        new($"Port {port} on 127.0.0.1 is already in use (another devnet or node is listening there): stop it, or choose another port with --port.") { PortInUse = port };
}
