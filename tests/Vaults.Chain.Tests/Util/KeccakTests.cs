using System.Text;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Tests.Util;

public class KeccakTests
{
    public static TheoryData<string, string> Vectors() => VectorFile.Load("keccak256.json", v => (v.GetProperty("input").GetString()!, v.GetProperty("keccak256").GetString()!));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Hash_matches_published_vector(string input, string expected)
    {
        Assert.Equal(expected, Keccak.Hash(Encoding.UTF8.GetBytes(input)).ToHex());
    }

    [Fact]
    public void Hash_is_not_fips_sha3()
    {
        Assert.NotEqual("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", Keccak.Hash([]).ToHex());
    }

    [Theory]
    [InlineData(135)]
    [InlineData(136)]
    [InlineData(137)]
    [InlineData(272)]
    [InlineData(1000)]
    public void Hash_of_multi_block_input_matches_bouncy_castle(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3)).ToArray();
        var reference = new Org.BouncyCastle.Crypto.Digests.KeccakDigest(256);
        reference.BlockUpdate(data, 0, data.Length);
        var expected = new byte[32];
        reference.DoFinal(expected, 0);
        Assert.Equal(expected, Keccak.Hash(data));
    }
}
