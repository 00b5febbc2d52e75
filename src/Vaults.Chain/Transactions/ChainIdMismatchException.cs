namespace Vaults.Chain;

/// <summary>The account signs for one chain but the node serves another; nothing was sent.</summary>
public sealed class ChainIdMismatchException(System.Numerics.BigInteger expected, System.Numerics.BigInteger actual)
    : InvalidOperationException($"Wrong chain: the account is configured for chain id {expected} but the node reports chain id {actual}.")
{
    /// <summary>The configured chain id.</summary>
    public System.Numerics.BigInteger Expected { get; } = expected;

    /// <summary>The node's chain id.</summary>
    public System.Numerics.BigInteger Actual { get; } = actual;
}
