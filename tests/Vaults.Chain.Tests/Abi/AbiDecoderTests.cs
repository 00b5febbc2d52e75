using Vaults.Ethereum.Abi;
using static Vaults.Ethereum.Tests.Abi.AbiTestValues;

namespace Vaults.Ethereum.Tests.Abi;

/// <summary>Strictness and safety against hostile input.</summary>
public class AbiDecoderTests
{
    private static AbiDecodingException Bad(string type, string hex) =>
        Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode(AbiType.Parse(type), H(hex)));

    [Fact]
    public void Truncated_head() => Assert.Contains("needs 64 bytes", Assert.Throws<AbiDecodingException>(() => AbiDecoder.Decode(T("uint256", "uint256"), new byte[40])).Message);

    [Fact]
    public void Offset_out_of_bounds() => Assert.Contains("offset at byte 0 points to byte 4096", Bad("bytes", Word("1000")).Message);

    [Fact]
    public void Absurd_offset() => Assert.Contains("absurdly large", Bad("bytes", new string('f', 64)).Message);

    [Fact]
    public void Absurd_bytes_length_does_not_allocate() => Assert.Contains("length at byte 32", Bad("bytes", Word("20") + new string('f', 64)).Message);

    [Fact]
    public void Bytes_length_beyond_data() => Assert.Contains("declares 64 bytes, but only 32 bytes follow", Bad("bytes", Word("20") + Word("40") + Word("0")).Message);

    [Fact]
    public void Absurd_array_count_does_not_allocate()
    {
        // Counts larger than the data can hold must fail before the object[] is allocated.
        Assert.Contains("exceeds", Bad("uint256[]", Word("20") + Word("7fffffff") + Word("0")).Message);
        Assert.Contains("an array of 4 uint256 at byte 64 needs at least 128 bytes", Bad("uint256[]", Word("20") + Word("4") + Word("0")).Message);
        Assert.Contains("exceeds", Bad("uint256[]", Word("20") + Word("ffffffffffffffff")).Message);
    }

    [Fact]
    public void Aliased_offsets_cannot_blow_up()
    {
        // uint256[][] of 1000 elements whose offsets all point at the same 1000-element inner array:
        // ~64 KB of data that would materialise a million values if followed naively.
        int n = 1000;
        var sb = new System.Text.StringBuilder();
        sb.Append(Word("20")).Append(Word(n.ToString("x")));
        for (int i = 0; i < n; i++) sb.Append(Word((32 * n).ToString("x")));
        sb.Append(Word(n.ToString("x")));
        for (int i = 0; i < n; i++) sb.Append(Word("1"));
        var e = Bad("uint256[][]", sb.ToString());
        Assert.Contains("alias", e.Message);
    }

    [Theory]
    [InlineData("address", "0100000000000000000000000000000000000000000000000000000000000001", "address at byte 0 has non-zero upper 12 bytes")]
    [InlineData("bool", "0000000000000000000000000000000000000000000000000000000000000002", "bool at byte 0 is neither 0 nor 1")]
    [InlineData("bool", "0100000000000000000000000000000000000000000000000000000000000001", "bool")]
    [InlineData("uint8", "0000000000000000000000000000000000000000000000000000000000000100", "uint8 at byte 0 has non-zero padding")]
    [InlineData("uint32", "ff000000000000000000000000000000000000000000000000000000ffffffff", "uint32")]
    [InlineData("int8", "00000000000000000000000000000000000000000000000000000000000000ff", "int8 at byte 0 is not sign-extended")]
    [InlineData("int8", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "int8 at byte 0 is not sign-extended")]
    [InlineData("bytes4", "1234567800000000000000000000000000000000000000000000000000000001", "bytes4 at byte 0 has non-zero padding")]
    public void Non_canonical_padding_is_rejected(string type, string word, string problem) =>
        Assert.Contains(problem, Bad(type, word).Message);

    [Fact]
    public void Non_canonical_bytes_padding_is_rejected() =>
        Assert.Contains("non-zero padding after its 1 bytes", Bad("bytes", Word("20") + Word("1") + "ab".PadRight(62, '0') + "01").Message);

    [Fact]
    public void Invalid_utf8_is_rejected() =>
        Assert.Contains("not valid UTF-8", Bad("string", Word("20") + Word("1") + "ff".PadRight(64, '0')).Message);

    [Fact]
    public void Negative_ints_decode_with_sign_extension()
    {
        Assert.Equal(new System.Numerics.BigInteger(-1), AbiDecoder.Decode(new IntType(8), H(new string('f', 64))));
        Assert.Equal(new System.Numerics.BigInteger(-128), AbiDecoder.Decode(new IntType(8), H(new string('f', 62) + "80")));
    }

    [Fact]
    public void Trailing_bytes_are_ignored() =>
        Assert.Equal(new System.Numerics.BigInteger(5), AbiDecoder.Decode(new UIntType(8), H(Word("5") + "dead")));

    [Fact]
    public void Random_garbage_never_throws_anything_but_AbiDecodingException()
    {
        var rng = new Random(1234);
        var types = T("(uint256,string,bytes[],(bool,address)[2])[]", "string[][]", "bytes", "uint8[3][]");
        for (int i = 0; i < 3000; i++)
        {
            var data = new byte[rng.Next(0, 400)];
            rng.NextBytes(data);
            // Make small offsets/lengths likely so that decoding goes deep.
            for (int w = 0; w + 32 <= data.Length; w += 32)
                if (rng.Next(3) > 0) { Array.Clear(data, w, 31); data[w + 31] = (byte)(rng.Next(8) * 32 % 256); }
            foreach (var t in types)
            {
                try { AbiDecoder.Decode(t, data); }
                catch (AbiDecodingException) { }
            }
        }
    }
}
