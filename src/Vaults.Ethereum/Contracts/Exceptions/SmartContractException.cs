namespace Vaults.Ethereum.Contracts;

/// <summary>Base class of the errors a contract call can surface: reverts with a reason, panics and custom errors.</summary>
public class SmartContractException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SmartContractException(string message, byte[]? revertData = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RevertData = revertData ?? [];
    }

    /// <summary>The raw revert data returned by the node (empty when none).</summary>
    public byte[] RevertData { get; }
}
