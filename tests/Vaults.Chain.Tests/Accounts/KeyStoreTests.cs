using Vaults.Ethereum.Accounts;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Signer;

namespace Vaults.Ethereum.Tests.Accounts;

public class KeyStoreTests
{
    private static readonly System.Text.Json.JsonElement File = VectorFile.Read("web3-secret-storage.json");
    private static string Password => File.GetProperty("password").GetString()!;
    private static string PrivateKey => File.GetProperty("privateKey").GetString()!;

    public static TheoryData<string> Kdfs() => ["pbkdf2", "scrypt"];

    private static (string Json, string DerivedKeyFirst16) Vector(string name)
    {
        foreach (var v in File.GetProperty("vectors").EnumerateArray())
            if (v.GetProperty("name").GetString() == name)
                return (v.GetProperty("json").GetRawText(), v.GetProperty("derivedKeyFirst16").GetString()!);
        throw new InvalidOperationException(name);
    }

    [Theory]
    [MemberData(nameof(Kdfs))]
    public void Decrypts_published_vector(string kdf)
    {
        var key = new KeyStoreService().DecryptKeyStoreFromJson(Password, Vector(kdf).Json);
        Assert.Equal(PrivateKey, key.ToHex());
    }

    [Fact]
    public void Wrong_password_is_reported_as_mac_mismatch()
    {
        var ex = Assert.Throws<KeyStoreException>(() => new KeyStoreService().DecryptKeyStoreFromJson("wrongpassword", Vector("pbkdf2").Json));
        Assert.Equal("wrong password or corrupted keystore: MAC mismatch", ex.Message);
    }

    [Theory]
    [InlineData("\"kdf\": \"pbkdf2\"", "\"kdf\": \"argon2\"", "argon2")]
    [InlineData("\"cipher\": \"aes-128-ctr\"", "\"cipher\": \"aes-128-cbc\"", "aes-128-cbc")]
    [InlineData("\"prf\": \"hmac-sha256\"", "\"prf\": \"hmac-sha512\"", "hmac-sha512")]
    [InlineData("\"version\": 3", "\"version\": 1", "version 3")]
    public void Unsupported_parameters_are_named(string from, string to, string named)
    {
        var json = Vector("pbkdf2").Json.Replace(" ", "").Replace(from.Replace(" ", ""), to.Replace(" ", ""));
        var ex = Assert.Throws<KeyStoreException>(() => new KeyStoreService().DecryptKeyStoreFromJson(Password, json));
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void Encrypt_then_decrypt_round_trips()
    {
        var service = new KeyStoreService(scryptN: 1 << 10);
        var key = new EthECKey("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        var json = service.EncryptAndGenerateKeyStoreAsJson("s3cret", key);
        Assert.DoesNotContain("59c6995e998f97a5", json);
        Assert.Contains("\"n\":1024", json);
        Assert.Equal(key.GetPrivateKeyAsBytes(), service.DecryptKeyStoreFromJson("s3cret", json));
        Assert.Throws<KeyStoreException>(() => service.DecryptKeyStoreFromJson("S3cret", json));
    }

    [Fact]
    public void Two_encryptions_use_fresh_salt_and_iv()
    {
        var service = new KeyStoreService(scryptN: 1 << 4);
        var key = new EthECKey("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        Assert.NotEqual(service.EncryptAndGenerateKeyStoreAsJson("p", key), service.EncryptAndGenerateKeyStoreAsJson("p", key));
    }

    [Fact]
    public void Account_LoadFromKeyStore_gives_the_key_address()
    {
        var account = Account.LoadFromKeyStore(Vector("pbkdf2").Json, Password, chainId: 1);
        Assert.Equal(new EthECKey(PrivateKey).GetPublicAddress(), account.Address);
        Assert.Equal(1, account.ChainId);
    }

    [Fact]
    public void Invalid_scrypt_n_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KeyStoreService(scryptN: 1000));
    }
}

public class ScryptKdfTests
{
    [Fact]
    public void Managed_scrypt_matches_rfc7914_vector()
    {
        // RFC 7914 section 12: scrypt(P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64).
        var result = Vaults.Ethereum.Accounts.ScryptKdf.DeriveManaged("password"u8.ToArray(), "NaCl"u8.ToArray(), 1024, 8, 16, 64);
        Assert.Equal("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
            Convert.ToHexStringLower(result));
    }

    [Theory]
    [InlineData(16, 1, 1)]
    [InlineData(1024, 1, 2)]
    [InlineData(256, 8, 1)]
    public void Managed_scrypt_matches_bouncy_castle(int n, int r, int p)
    {
        var password = "testpassword"u8.ToArray();
        var salt = Convert.FromHexString("ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19");
        Assert.Equal(Org.BouncyCastle.Crypto.Generators.SCrypt.Generate(password, salt, n, r, p, 32),
            Vaults.Ethereum.Accounts.ScryptKdf.DeriveManaged(password, salt, n, r, p, 32));
    }
}
