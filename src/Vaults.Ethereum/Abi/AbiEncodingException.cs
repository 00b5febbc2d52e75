namespace Vaults.Ethereum.Abi;

/// <summary>
/// Thrown when a value cannot be ABI-encoded as its declared type. The message names the parameter (when known),
/// the type and the problem, e.g. "Cannot encode parameter 'amount' as uint8: value 256 does not fit uint8".
/// </summary>
public sealed class AbiEncodingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AbiEncodingException(string? parameter, string typeName, string problem)
        : base(parameter is null ? $"Cannot encode value as {typeName}: {problem}." : $"Cannot encode parameter '{parameter}' as {typeName}: {problem}.")
    {
        Parameter = parameter;
        TypeName = typeName;
        Problem = problem;
    }

    /// <summary>The parameter path, e.g. "positions[2].1" (names where known, otherwise "#index"), or null.</summary>
    public string? Parameter { get; }

    /// <summary>The canonical name of the type being encoded where the problem was found.</summary>
    public string TypeName { get; }

    /// <summary>What is wrong with the value.</summary>
    public string Problem { get; }

    /// <summary>Prepends an outer path segment ("name", "#0", "[2]" or ".1") while the exception unwinds out of nested arrays and tuples.</summary>
    internal AbiEncodingException Under(string segment) => new(segment + Parameter, TypeName, Problem);
}
