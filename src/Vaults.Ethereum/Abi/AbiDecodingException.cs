namespace Vaults.Ethereum.Abi;

/// <summary>
/// Thrown when ABI data is malformed or hostile: out-of-bounds offsets or lengths, absurd lengths, non-canonical padding,
/// invalid UTF-8, or a selector/topic that does not match. The message names the problem and the byte position.
/// </summary>
public sealed class AbiDecodingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AbiDecodingException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner cause.</summary>
    public AbiDecodingException(string message, Exception inner) : base(message, inner) { }
}
