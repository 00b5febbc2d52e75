using Nethereum.Signer;
using Nethereum.Util;
using Nethereum.Web3.Accounts;

namespace Vaults.Chain.Tests.NethereumCalls;

/// <summary>
/// Key to address (Hardhat's published accounts, the EIP-155 and EIP-1559 example keys) through Nethereum's key and account, and the
/// EIP-55 checksum test cases through Nethereum's AddressUtil and the project's <see cref="Address"/> value on top of it.
/// </summary>
public sealed class AddressVectorTests
{
    public static TheoryData<string, string> Keys => VectorFile.Load("addresses.json", v => (v.GetProperty("privateKey").GetString()!, v.GetProperty("address").GetString()!));

    public static TheoryData<string, string> Checksums => VectorFile.Load("eip55.json", v => (v.GetProperty("address").GetString()!, v.GetProperty("kind").GetString()!));

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_private_key_gives_its_published_address(string privateKey, string address)
    {
        Assert.Equal(address, new EthECKey(privateKey).GetPublicAddress());
        Assert.Equal(address, new Account(privateKey).Address);
    }

    [Theory]
    [MemberData(nameof(Checksums))]
    public void The_checksum_of_each_test_case_is_its_published_casing(string address, string kind)
    {
        var checksummed = AddressUtil.Current.ConvertToChecksumAddress(address.ToLowerInvariant());
        if (kind == "normal") Assert.Equal(address, checksummed);
        Assert.Equal(checksummed, Address.Parse(address).ToString());
    }

    [Fact]
    public void A_mixed_case_address_with_a_wrong_checksum_is_refused()
    {
        var wrong = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"; // the last letter's case flipped
        var ex = Assert.Throws<FormatException>(() => Address.Parse(wrong));
        Assert.Contains("checksum", ex.Message);
    }

    [Theory]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "must start with 0x")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA", "expected 40 hex digits, got 38")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", "not hexadecimal")]
    public void A_malformed_address_is_refused_naming_the_problem(string text, string problem) =>
        Assert.Contains(problem, Assert.Throws<FormatException>(() => Address.Parse(text)).Message);

    [Fact]
    public void Addresses_compare_by_their_bytes_whatever_the_casing()
    {
        var a = Address.Parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        var b = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", b.ToLowerHex());
        Assert.True(Address.Zero.IsZero);
        Assert.True(Address.Zero.CompareTo(a) < 0);
    }
}
