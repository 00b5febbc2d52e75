using Vaults.Ethereum.Accounts;
using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Tests.Accounts;

public class AccountTests
{
    private const string HardhatKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    [Fact]
    public void Nethereum_shaped_constructor_derives_hardhat_account_0()
    {
        var account = new Account(HardhatKey0, 31337);
        Assert.Equal(Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), account.Address);
        Assert.Equal(31337, account.ChainId);
        Assert.StartsWith("0x04", account.PublicKey);
        Assert.Equal(132, account.PublicKey.Length);
    }

    [Fact]
    public void ToString_is_redacted()
    {
        var text = new Account(HardhatKey0, 1).ToString();
        Assert.DoesNotContain("ac0974bec39a17e3", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("redacted", text);
    }

    [Fact]
    public void Signs_transactions_recoverable_to_its_address()
    {
        var account = new Account(HardhatKey0, 31337);
        var tx = new Transaction1559(31337, 0, 1, 2, 21000, Address.Zero, 1, []);
        var decoded = TransactionDecoder.Decode(account.SignTransaction(tx).Raw);
        Assert.Equal(account.Address, decoded.Sender);
    }

    [Fact]
    public void Keystore_export_round_trips()
    {
        var account = new Account(HardhatKey0, 31337);
        var json = account.ToKeyStoreJson("pw", new KeyStoreService(scryptN: 1 << 8));
        var back = Account.LoadFromKeyStore(json, "pw", 31337);
        Assert.Equal(account.Address, back.Address);
    }

    [Fact]
    public void Malformed_key_error_does_not_echo_the_key()
    {
        var bad = HardhatKey0[..^1] + "z";
        var ex = Assert.Throws<FormatException>(() => new Account(bad, 1));
        Assert.DoesNotContain("ac0974bec39a17e3", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
