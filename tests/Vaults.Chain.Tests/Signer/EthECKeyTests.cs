using FsCheck;
using FsCheck.Fluent;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Tests.Signer;

public class EthECKeyTests
{
    private const string HardhatKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    public static TheoryData<string, string> Addresses() =>
        VectorFile.Load("addresses.json", v => (v.GetProperty("privateKey").GetString()!, v.GetProperty("address").GetString()!));

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Address_derivation_matches_published_vector(string privateKey, string address)
    {
        var key = new EthECKey(privateKey);
        Assert.Equal(address, key.GetPublicAddress().ToString());
        var pub = key.GetPubKey();
        Assert.Equal(65, pub.Length);
        Assert.Equal(0x04, pub[0]);
        Assert.Equal(Keccak.Hash(pub.AsSpan(1))[12..], key.GetPublicAddress().ToArray());
    }

    [Theory]
    [InlineData("0x1234", "64 hex digits")]
    [InlineData("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff8000", "64 hex digits")]
    [InlineData("0xzc0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "not a hex digit")]
    public void Malformed_hex_key_is_rejected_without_echoing_it(string hex, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => new EthECKey(hex));
        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain(hex.Replace("0x", ""), ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Wrong_length_key_bytes_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EthECKey(new byte[31]));
        Assert.Contains("32 bytes", ex.Message);
    }

    [Theory]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")] // n
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")]
    public void Out_of_range_key_is_rejected(string hex)
    {
        var ex = Assert.Throws<ArgumentException>(() => new EthECKey(hex));
        Assert.Contains("out of range", ex.Message);
    }

    [Fact]
    public void Largest_valid_key_is_accepted()
    {
        var key = new EthECKey("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"); // n - 1
        Assert.True(key.HasPrivateKey);
    }

    [Fact]
    public void ToString_never_shows_the_private_key()
    {
        var key = new EthECKey(HardhatKey0);
        var text = key.ToString();
        Assert.DoesNotContain("ac0974bec39a17e3", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("redacted", text);
        Assert.Contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", text);
    }

    [Fact]
    public void SignAndCalculateV_recovers_and_verifies()
    {
        var key = new EthECKey(HardhatKey0);
        var hash = Keccak.Hash("hello");
        var signature = key.SignAndCalculateV(hash);
        Assert.True(signature.V == 27 || signature.V == 28);
        Assert.Equal(key.GetPublicAddress(), EthECKey.RecoverAddress(signature, hash));
        Assert.Equal(key.GetPubKey(), EthECKey.RecoverFromSignature(signature, hash).GetPubKey());
        Assert.True(key.Verify(hash, signature));
        Assert.False(EthECKey.RecoverFromSignature(signature, hash).HasPrivateKey);
    }

    [Fact]
    public void Signing_is_deterministic()
    {
        var key = new EthECKey(HardhatKey0);
        var hash = Keccak.Hash("deterministic");
        Assert.Equal(key.Sign(hash).ToString(), key.Sign(hash).ToString());
    }

    [Fact]
    public void Public_only_key_cannot_sign()
    {
        var key = new EthECKey(HardhatKey0);
        var hash = Keccak.Hash("x");
        var recovered = EthECKey.RecoverFromSignature(key.Sign(hash), hash);
        Assert.Throws<InvalidOperationException>(() => recovered.Sign(hash));
    }

    [Fact]
    public void Random_keys_sign_random_hashes_recoverably_with_low_s()
    {
        var bytes32 = Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 32);
        Prop.ForAll(bytes32.ToArbitrary(), bytes32.ToArbitrary(), (keySeed, hash) =>
        {
            // Any 32 bytes hashed again give a key in range with overwhelming probability; skip the impossible rest.
            var keyBytes = Keccak.Hash(keySeed);
            var key = new EthECKey(keyBytes);
            var signature = key.Sign(hash);
            return signature.IsLowS
                && EthECKey.RecoverAddress(signature, hash) == key.GetPublicAddress()
                && key.Verify(hash, signature);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Recovery_id_matches_trial_recovery()
    {
        // Cross-checks the y-parity shortcut against the slow reference: exactly the computed recovery id recovers the key.
        for (int i = 0; i < 50; i++)
        {
            var key = new EthECKey(Keccak.Hash(BitConverter.GetBytes(i)));
            var hash = Keccak.Hash(BitConverter.GetBytes(i + 1000));
            var signature = key.Sign(hash);
            var other = new EthECDSASignature(signature.R, signature.S, signature.RecoveryId ^ 1, 0);
            Assert.Equal(key.GetPublicAddress(), EthECKey.RecoverAddress(signature, hash));
            Assert.NotEqual(key.GetPublicAddress(), EthECKey.RecoverAddress(other, hash));
        }
    }

    [Fact]
    public void Sign_rejects_non_32_byte_hash()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EthECKey(HardhatKey0).Sign(new byte[31]));
        Assert.Contains("32 bytes", ex.Message);
    }

    [Fact]
    public void Signature_65_byte_form_is_r_s_v()
    {
        var sig = new EthECKey(HardhatKey0).SignAndCalculateV(Keccak.Hash("m"));
        var bytes = sig.To65Bytes();
        Assert.Equal(sig.R, bytes[..32]);
        Assert.Equal(sig.S, bytes[32..64]);
        Assert.Equal((byte)sig.V, bytes[64]);
        _ = HexConvert.ToHex(bytes);
    }
}
