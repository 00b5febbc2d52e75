using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.Signer;

/// <summary>A signed transaction ready for <c>eth_sendRawTransaction</c>.</summary>
/// <param name="Raw">The signed encoding (for typed transactions, starting with the type byte).</param>
/// <param name="Hash">The transaction hash: keccak256 of <paramref name="Raw"/>.</param>
/// <param name="Signature">The signature embedded in <paramref name="Raw"/>.</param>
public sealed record SignedTransaction(byte[] Raw, byte[] Hash, EthECDSASignature Signature)
{
    /// <summary>The raw bytes as "0x"-prefixed hex.</summary>
    public string ToHex() => HexConvert.ToHex(Raw);

    /// <summary>The transaction hash as "0x"-prefixed hex.</summary>
    public string HashHex => HexConvert.ToHex(Hash);

    /// <inheritdoc />
    public override string ToString() => ToHex();
}
