namespace Vaults.Ethereum.Abi;

/// <summary>Thrown when a type string or type construction is not a valid ABI type. The message names the offending type.</summary>
public sealed class AbiTypeException : Exception
{
    /// <summary>Creates the exception for <paramref name="typeName"/>.</summary>
    public AbiTypeException(string typeName, string problem)
        : base($"Invalid ABI type '{typeName}': {problem}.")
    {
        TypeName = typeName;
    }

    /// <summary>The type text that was rejected.</summary>
    public string TypeName { get; }
}
