using System.Numerics;

namespace Vaults.Chain;

/// <summary>The network's current fee exceeds the configured cap; nothing was sent.</summary>
public sealed class FeeCapExceededException(BigInteger required, BigInteger cap)
    : Exception($"Network fee {Gwei(required)} gwei per gas exceeds the configured cap of {Gwei(cap)} gwei; the transaction was not sent.")
{
    /// <summary>The fee per gas the network needs now (base fee + tip), in wei.</summary>
    public BigInteger Required { get; } = required;

    /// <summary>The configured cap, in wei.</summary>
    public BigInteger Cap { get; } = cap;

    private static string Gwei(BigInteger wei) => ((decimal)wei / 1_000_000_000m).ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture);
}
