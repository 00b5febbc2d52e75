using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Signer;

/// <summary>A signed transaction parsed back from its raw bytes, with the sender recovered from the signature.</summary>
/// <param name="Transaction">The unsigned fields (a <see cref="LegacyTransaction"/> or <see cref="Transaction1559"/>).</param>
/// <param name="Signature">The embedded signature (V as carried in the encoding).</param>
/// <param name="Sender">The address recovered from the signature.</param>
/// <param name="Hash">keccak256 of the raw bytes.</param>
public sealed record DecodedTransaction(ISignableTransaction Transaction, EthECDSASignature Signature, Address Sender, byte[] Hash)
{
    /// <summary>The transaction hash as "0x"-prefixed hex.</summary>
    public string HashHex => HexConvert.ToHex(Hash);
}
