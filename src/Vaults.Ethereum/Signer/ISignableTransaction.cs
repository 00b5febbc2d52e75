using System.Numerics;

namespace Vaults.Ethereum.Signer;

/// <summary>
/// A transaction that <see cref="TransactionSigner"/> can sign: it knows its signing payload and how to embed a
/// signature. Implemented by <see cref="LegacyTransaction"/> and <see cref="Transaction1559"/>.
/// </summary>
public interface ISignableTransaction
{
    /// <summary>The unsigned signing payload (for typed transactions, including the type byte).</summary>
    byte[] GetRlpEncodedRaw();

    /// <summary>keccak256 of <see cref="GetRlpEncodedRaw"/>: the 32 bytes that get signed.</summary>
    byte[] GetSigningHash();

    /// <summary>The V value this format carries for a recovery id.</summary>
    BigInteger GetV(int recoveryId);

    /// <summary>The signed transaction bytes, as sent with <c>eth_sendRawTransaction</c>.</summary>
    byte[] GetRlpEncoded(EthECDSASignature signature);
}
