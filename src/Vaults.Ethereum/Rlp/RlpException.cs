namespace Vaults.Ethereum.Rlp;

/// <summary>
/// Thrown when bytes are not valid, canonical RLP. The message names the rule that was broken and the offset,
/// because "invalid RLP" alone is useless when a node hands back a malformed transaction.
/// </summary>
public sealed class RlpException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public RlpException(string message) : base(message) { }
}
