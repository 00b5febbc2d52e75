using Vaults.Ethereum.Abi;

namespace Vaults.Ethereum.Tests.Abi;

public class AbiTypeTests
{
    [Theory]
    [InlineData("uint256", false, 32)]
    [InlineData("int24", false, 32)]
    [InlineData("bytes32", false, 32)]
    [InlineData("address", false, 32)]
    [InlineData("bool", false, 32)]
    [InlineData("bytes", true, 32)]
    [InlineData("string", true, 32)]
    [InlineData("address[]", true, 32)]
    [InlineData("uint8[3]", false, 96)]
    [InlineData("string[2]", true, 32)]
    [InlineData("(uint256,int256,address)", false, 96)]
    [InlineData("(uint256,int256,address)[3]", false, 288)]
    [InlineData("(uint256,int256,address)[3][]", true, 32)]
    [InlineData("(uint256,(bool,bytes1)[2])", false, 160)]
    [InlineData("(uint256,string)", true, 32)]
    public void Parses_canonical_names(string text, bool dynamic, int headSize)
    {
        var type = AbiType.Parse(text);
        Assert.Equal(text, type.CanonicalName);
        Assert.Equal(dynamic, type.IsDynamic);
        Assert.Equal(headSize, type.HeadSize);
        Assert.Equal(type, AbiType.Parse(type.CanonicalName));
    }

    [Theory]
    [InlineData("uint", "uint256")]
    [InlineData("int", "int256")]
    [InlineData("uint[]", "uint256[]")]
    [InlineData("byte", "bytes1")]
    [InlineData(" (uint,int)[2] ", "(uint256,int256)[2]")]
    public void Normalises_aliases(string text, string canonical) => Assert.Equal(canonical, AbiType.Parse(text).CanonicalName);

    [Fact]
    public void Builds_the_documented_subtypes()
    {
        Assert.Equal(new UIntType(256), AbiType.Parse("uint256"));
        Assert.Equal(new IntType(24), AbiType.Parse("int24"));
        Assert.Equal(new FixedBytesType(32), AbiType.Parse("bytes32"));
        Assert.Equal(new ArrayType(AddressType.Instance, null), AbiType.Parse("address[]"));
        var expected = new ArrayType(new ArrayType(new TupleType([new UIntType(256), new IntType(256), AddressType.Instance]), 3), null);
        Assert.Equal(expected, AbiType.Parse("(uint256,int256,address)[3][]"));
        Assert.Equal(expected.GetHashCode(), AbiType.Parse("(uint256,int256,address)[3][]").GetHashCode());
        Assert.NotEqual(AbiType.Parse("uint8[2]"), AbiType.Parse("uint8[3]"));
        Assert.IsType<BytesType>(AbiType.Parse("bytes"));
        Assert.IsType<StringType>(AbiType.Parse("string"));
        Assert.IsType<BoolType>(AbiType.Parse("bool"));
    }

    [Theory]
    [InlineData("uint7", "uint7")]
    [InlineData("uint264", "uint264")]
    [InlineData("int0", "int0")]
    [InlineData("bytes33", "bytes33")]
    [InlineData("bytes0", "bytes0")]
    [InlineData("foo", "foo")]
    [InlineData("tuple", "tuple")]
    [InlineData("uint256[0]", "uint256[0]")]
    [InlineData("uint256[", "uint256[")]
    [InlineData("uint256[x]", "uint256[x]")]
    [InlineData("(uint256,bool", "(uint256,bool")]
    [InlineData("()", "()")]
    [InlineData("uint08", "uint08")]
    [InlineData("fixed128x18", "fixed128x18")]
    [InlineData("uint256[4294967295]", "uint256[4294967295]")]
    [InlineData("uint256 x", "uint256 x")]
    public void Rejects_invalid_types_naming_them(string text, string named)
    {
        var e = Assert.Throws<AbiTypeException>(() => AbiType.Parse(text));
        Assert.Contains($"'{named}'", e.Message);
    }

    [Fact]
    public void Constructors_validate()
    {
        Assert.Contains("uint7", Assert.Throws<AbiTypeException>(() => new UIntType(7)).Message);
        Assert.Contains("int300", Assert.Throws<AbiTypeException>(() => new IntType(300)).Message);
        Assert.Contains("bytes33", Assert.Throws<AbiTypeException>(() => new FixedBytesType(33)).Message);
        Assert.Throws<AbiTypeException>(() => new ArrayType(BoolType.Instance, 0));
        Assert.Throws<AbiTypeException>(() => new TupleType([]));
        Assert.Throws<AbiTypeException>(() => new ArrayType(new ArrayType(new UIntType(256), 1 << 20), 1 << 20));
    }
}
