using System.Text.Json;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Web3.Accounts;

namespace Vaults.Chain.Tests.NethereumCalls;

/// <summary>
/// The Web3 Secret Storage v3 test vectors (PBKDF2 and scrypt) through the project's keystore loading, which is Nethereum's
/// KeyStoreService; and the one-line failures the CLI and the keeper show.
/// </summary>
public sealed class KeyStoreVectorTests
{
    private static readonly JsonElement Vectors = VectorFile.Read("web3-secret-storage.json");

    public static TheoryData<string> Kdfs => [.. Vectors.GetProperty("vectors").EnumerateArray().Select(v => v.GetProperty("name").GetString()!)];

    private static string Json(string kdf) =>
        Vectors.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == kdf).GetProperty("json").GetRawText();

    [Theory]
    [MemberData(nameof(Kdfs))]
    public void The_published_keystore_decrypts_to_the_published_key(string kdf)
    {
        var account = KeyStoreAccounts.Load(Json(kdf), Vectors.GetProperty("password").GetString()!, chainId: 31337);
        Assert.Equal(Vectors.GetProperty("privateKey").GetString(), account.PrivateKey.RemoveHexPrefix());
        Assert.Equal(31337, account.ChainId);
    }

    [Fact]
    public void A_wrong_password_is_a_MAC_mismatch_naming_no_secret()
    {
        var ex = Assert.Throws<KeyStoreException>(() => KeyStoreAccounts.Load(Json("pbkdf2"), "not the password"));
        Assert.Equal("MAC mismatch: wrong password or corrupted keystore.", ex.Message);
    }

    [Fact]
    public void Something_that_is_not_a_keystore_is_refused_in_one_line()
    {
        var ex = Assert.Throws<KeyStoreException>(() => KeyStoreAccounts.Load("{\"version\": 3}", "x"));
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_keystore_written_for_an_account_loads_back_to_the_same_key()
    {
        var account = new Account("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        var json = KeyStoreAccounts.Encrypt(account, "correct horse", scryptN: 1 << 10);
        Assert.DoesNotContain(account.PrivateKey.RemoveHexPrefix(), json);
        Assert.Equal(account.Address, KeyStoreAccounts.Load(json, "correct horse").Address);
    }
}
