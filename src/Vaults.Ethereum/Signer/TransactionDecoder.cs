using System.Numerics;
using Vaults.Ethereum.Rlp;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Signer;

/// <summary>
/// Parses signed raw transactions (legacy with or without EIP-155, and EIP-1559 type 2) and recovers the sender.
/// Used to check what we sign against what a node would see, and in tests.
/// </summary>
public static class TransactionDecoder
{
    /// <summary>Decodes a signed raw transaction.</summary>
    /// <exception cref="RlpException">Malformed RLP, a wrong field count, a bad field, or an unsupported transaction type.</exception>
    public static DecodedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty) throw new RlpException("Cannot decode a transaction from empty input.");
        if (raw[0] >= 0xc0) return DecodeLegacy(raw);
        if (raw[0] == Transaction1559.TransactionType) return Decode1559(raw);
        throw new RlpException($"Unsupported transaction type 0x{raw[0]:x2}: only legacy and EIP-1559 (0x02) are supported.");
    }

    /// <summary>Decodes a "0x"-prefixed raw transaction hex string.</summary>
    public static DecodedTransaction Decode(string rawHex) => Decode(Hex.HexConvert.ToBytes(rawHex));

    private static DecodedTransaction Decode1559(ReadOnlySpan<byte> raw)
    {
        var list = RlpDecoder.Decode(raw[1..]);
        if (!list.IsList || list.Items.Count != 12)
            throw new RlpException($"An EIP-1559 transaction is a list of 12 fields, got {(list.IsList ? list.Items.Count + " fields" : "a byte string")}.");
        var tx = new Transaction1559(
            ChainId: list[0].ToBigInteger(),
            Nonce: list[1].ToBigInteger(),
            MaxPriorityFeePerGas: list[2].ToBigInteger(),
            MaxFeePerGas: list[3].ToBigInteger(),
            GasLimit: list[4].ToBigInteger(),
            To: ReadTo(list[5]),
            Value: list[6].ToBigInteger(),
            Data: list[7].Bytes,
            AccessList: ReadAccessList(list[8]));
        var yParity = list[9].ToBigInteger();
        if (yParity > 1) throw new RlpException($"EIP-1559 yParity must be 0 or 1, got {yParity}.");
        var signature = new EthECDSASignature(ReadScalar(list[10], "r"), ReadScalar(list[11], "s"), (int)yParity, yParity);
        return Finish(tx, signature, raw);
    }

    private static DecodedTransaction DecodeLegacy(ReadOnlySpan<byte> raw)
    {
        var list = RlpDecoder.Decode(raw);
        if (list.Items.Count != 9)
            throw new RlpException($"A signed legacy transaction is a list of 9 fields, got {list.Items.Count}.");
        var v = list[6].ToBigInteger();
        BigInteger? chainId;
        int recoveryId;
        if (v == 27 || v == 28)
        {
            chainId = null;
            recoveryId = (int)(v - 27);
        }
        else if (v >= 37)
        {
            chainId = (v - 35) / 2;
            recoveryId = (int)((v - 35) % 2);
        }
        else throw new RlpException($"Legacy transaction V = {v} is neither 27/28 nor an EIP-155 value (chainId·2+35/36).");
        var tx = new LegacyTransaction(
            Nonce: list[0].ToBigInteger(),
            GasPrice: list[1].ToBigInteger(),
            GasLimit: list[2].ToBigInteger(),
            To: ReadTo(list[3]),
            Value: list[4].ToBigInteger(),
            Data: list[5].Bytes,
            ChainId: chainId);
        var signature = new EthECDSASignature(ReadScalar(list[7], "r"), ReadScalar(list[8], "s"), recoveryId, v);
        return Finish(tx, signature, raw);
    }

    private static DecodedTransaction Finish(ISignableTransaction tx, EthECDSASignature signature, ReadOnlySpan<byte> raw)
    {
        Address sender;
        try { sender = EthECKey.RecoverAddress(signature, tx.GetSigningHash()); }
        catch (ArgumentException e) { throw new RlpException($"The transaction signature is invalid: {e.Message}"); }
        return new DecodedTransaction(tx, signature, sender, Keccak.Hash(raw));
    }

    private static Address? ReadTo(RlpItem item)
    {
        var bytes = item.Bytes;
        return bytes.Length switch
        {
            0 => (Address?)null,
            20 => new Address(bytes),
            _ => throw new RlpException($"Transaction 'to' must be empty (contract creation) or 20 bytes, got {bytes.Length}."),
        };
    }

    private static byte[] ReadScalar(RlpItem item, string name)
    {
        var bytes = item.Bytes;
        if (bytes.Length > 32) throw new RlpException($"Signature {name} must be at most 32 bytes, got {bytes.Length}.");
        if (bytes.Length > 0 && bytes[0] == 0) throw new RlpException($"Non-canonical signature {name}: leading zero byte.");
        return bytes;
    }

    private static List<AccessListItem> ReadAccessList(RlpItem item)
    {
        var result = new List<AccessListItem>();
        foreach (var entry in item.Items)
        {
            if (entry.Items.Count != 2) throw new RlpException($"An access-list entry is [address, storageKeys], got {entry.Items.Count} fields.");
            var address = entry[0].Bytes;
            if (address.Length != 20) throw new RlpException($"Access-list address must be 20 bytes, got {address.Length}.");
            var keys = new List<byte[]>();
            foreach (var key in entry[1].Items)
            {
                if (key.Bytes.Length != 32) throw new RlpException($"Access-list storage key must be 32 bytes, got {key.Bytes.Length}.");
                keys.Add(key.Bytes);
            }
            result.Add(new AccessListItem(new Address(address), keys));
        }
        return result;
    }
}
