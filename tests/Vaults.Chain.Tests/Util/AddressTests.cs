using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Tests.Util;

public class AddressTests
{
    public static TheoryData<string, string> Eip55() =>
        VectorFile.Load("eip55.json", v => (v.GetProperty("address").GetString()!, v.GetProperty("kind").GetString()!));

    [Theory]
    [MemberData(nameof(Eip55))]
    public void Eip55_spec_examples_parse(string text, string kind)
    {
        var address = Address.Parse(text);
        if (kind == "normal") Assert.Equal(text, address.ToString());
        Assert.Equal(text.ToLowerInvariant(), address.ToLowerHex());
    }

    [Theory]
    [MemberData(nameof(Eip55))]
    public void Eip55_checksum_of_lower_case_matches_spec(string text, string kind)
    {
        if (kind != "normal") return; // all-caps/all-lower examples only show that unchecksummed input is accepted
        Assert.Equal(text, Address.Parse(text.ToLowerInvariant()).ToString());
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "checksum")] // last letter's case flipped
    [InlineData("0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "checksum")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA", "40 hex digits")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00", "40 hex digits")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", "not a hex digit")]
    [InlineData("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0x")]
    public void Malformed_address_is_rejected_with_reason(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Address.Parse(text));
        Assert.Contains(expected, ex.Message);
        Assert.False(Address.TryParse(text, out _));
    }
}
