using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Tests.Signer;

public class TransactionVectorTests
{
    private static BigInteger Int(JsonElement v, string name) => BigInteger.Parse(v.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static Address? To(JsonElement v) =>
        v.GetProperty("to").ValueKind == JsonValueKind.Null ? (Address?)null : Address.Parse(v.GetProperty("to").GetString()!);

    private static JsonElement Eip155 => VectorFile.Read("eip155.json").GetProperty("vectors")[0];

    private static LegacyTransaction Eip155Tx(JsonElement v) => new(
        Int(v, "nonce"), Int(v, "gasPrice"), Int(v, "gasLimit"), To(v), Int(v, "value"),
        HexConvert.ToBytes(v.GetProperty("data").GetString()!), Int(v, "chainId"));

    [Fact]
    public void Eip155_signing_payload_and_hash_match_spec()
    {
        var v = Eip155;
        var tx = Eip155Tx(v);
        Assert.Equal(v.GetProperty("signingPayload").GetString(), HexConvert.ToHex(tx.GetRlpEncodedRaw()));
        Assert.Equal(v.GetProperty("signingHash").GetString(), HexConvert.ToHex(tx.GetSigningHash()));
    }

    [Fact]
    public void Eip155_signature_and_signed_tx_match_spec()
    {
        var v = Eip155;
        var signed = TransactionSigner.Sign(Eip155Tx(v), new EthECKey(v.GetProperty("privateKey").GetString()!));
        Assert.Equal(Int(v, "r"), new BigInteger(signed.Signature.R, isUnsigned: true, isBigEndian: true));
        Assert.Equal(Int(v, "s"), new BigInteger(signed.Signature.S, isUnsigned: true, isBigEndian: true));
        Assert.Equal(Int(v, "v"), signed.Signature.V);
        Assert.Equal(v.GetProperty("signed").GetString(), signed.ToHex());
    }

    [Fact]
    public void Eip155_signed_tx_decodes_to_the_spec_sender()
    {
        var v = Eip155;
        var decoded = TransactionDecoder.Decode(v.GetProperty("signed").GetString()!);
        var tx = Assert.IsType<LegacyTransaction>(decoded.Transaction);
        Assert.Equal(BigInteger.One, tx.ChainId);
        Assert.Equal(Int(v, "value"), tx.Value);
        Assert.Equal(new EthECKey(v.GetProperty("privateKey").GetString()!).GetPublicAddress(), decoded.Sender);
        Assert.Equal(Address.Parse("0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F"), decoded.Sender);
    }

    public static TheoryData<int> Eip1559Indexes() => [0, 1, 2];

    private static (Transaction1559 Tx, string Signed) Eip1559(int index)
    {
        var v = VectorFile.Read("eip1559.json").GetProperty("vectors")[index];
        var tx = new Transaction1559(Int(v, "chainId"), Int(v, "nonce"), Int(v, "maxPriorityFeePerGas"), Int(v, "maxFeePerGas"),
            Int(v, "gasLimit"), To(v), Int(v, "value"), HexConvert.ToBytes(v.GetProperty("data").GetString()!));
        return (tx, v.GetProperty("signed").GetString()!);
    }

    private static EthECKey Eip1559Key => new(VectorFile.Read("eip1559.json").GetProperty("privateKey").GetString()!);

    [Theory]
    [MemberData(nameof(Eip1559Indexes))]
    public void Eip1559_signed_tx_matches_vector(int index)
    {
        var (tx, expected) = Eip1559(index);
        var signed = TransactionSigner.Sign(tx, Eip1559Key);
        Assert.Equal(expected, signed.ToHex());
        Assert.Equal(Keccak.Hash(HexConvert.ToBytes(expected)), signed.Hash);
        Assert.True(signed.Signature.IsLowS);
    }

    [Theory]
    [MemberData(nameof(Eip1559Indexes))]
    public void Eip1559_vector_decodes_back_with_sender(int index)
    {
        var (tx, expected) = Eip1559(index);
        var decoded = TransactionDecoder.Decode(expected);
        var back = Assert.IsType<Transaction1559>(decoded.Transaction);
        Assert.Equal(tx.GetRlpEncodedRaw(), back.GetRlpEncodedRaw());
        Assert.Equal(tx.To, back.To);
        Assert.Equal(Address.Parse(VectorFile.Read("eip1559.json").GetProperty("address").GetString()!), decoded.Sender);
    }

    [Fact]
    public void Eip1559_with_access_list_round_trips_through_decoder()
    {
        var slot = new byte[32];
        slot[31] = 7;
        var tx = new Transaction1559(31337, 5, 1_000_000_000, 30_000_000_000, 100_000,
            Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), 0, HexConvert.ToBytes("0xa9059cbb"),
            [new AccessListItem(Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3"), [slot, new byte[32]]),
             new AccessListItem(Address.Zero, [])]);
        var key = Eip1559Key;
        var signed = TransactionSigner.Sign(tx, key);
        var decoded = TransactionDecoder.Decode(signed.Raw);
        var back = Assert.IsType<Transaction1559>(decoded.Transaction);
        Assert.Equal(2, back.AccessList!.Count);
        Assert.Equal(slot, back.AccessList[0].StorageKeys[0]);
        Assert.Empty(back.AccessList[1].StorageKeys);
        Assert.Equal(key.GetPublicAddress(), decoded.Sender);
        Assert.Equal(signed.Hash, decoded.Hash);
    }

    [Fact]
    public void Unsupported_type_is_named()
    {
        var ex = Assert.Throws<Vaults.Ethereum.Rlp.RlpException>(() => TransactionDecoder.Decode(new byte[] { 0x01, 0xc0 }));
        Assert.Contains("0x01", ex.Message);
    }
}
