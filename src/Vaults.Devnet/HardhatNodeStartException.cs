namespace Vaults.Devnet;

/// <summary>The Hardhat node exited or did not answer in time while starting; the message carries its output tail.</summary>
public sealed class HardhatNodeStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HardhatNodeStartException(string message) : base(message) { }

    /// <summary>Creates the exception with the underlying cause.</summary>
    public HardhatNodeStartException(string message, Exception innerException) : base(message, innerException) { }
}
