using System.Numerics;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Contracts;
using static Vaults.Ethereum.Tests.Abi.AbiTestValues;

namespace Vaults.Ethereum.Tests.Abi;

public class RevertDecoderTests
{
    private static readonly AbiError Insufficient = new("InsufficientBalance", [new AbiParameter("available", "uint256"), new AbiParameter("required", "uint256")]);
    private static readonly AbiError Unauthorized = new("Unauthorized", [new AbiParameter("", "address")]);

    [Fact]
    public void Error_string_from_the_solidity_docs()
    {
        // docs/control-structures.rst: require(false, "Not enough Ether provided.") reverts with this data.
        var data = H("0x08c379a0" + Word("20") + Word("1a") + "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000");
        var e = Assert.IsType<SmartContractRevertException>(RevertDecoder.Decode(data, []));
        Assert.Equal("Not enough Ether provided.", e.RevertReason);
        Assert.Null(e.PanicCode);
        Assert.Equal("Smart contract error: Not enough Ether provided.", e.Message);
        Assert.Equal(data, e.RevertData);
        Assert.IsAssignableFrom<SmartContractException>(e);
        Assert.Equal(data, AbiError.ErrorString.Encode(["Not enough Ether provided."]));
    }

    [Theory]
    [InlineData(0x01, "assert")]
    [InlineData(0x11, "overflow")]
    [InlineData(0x12, "division or modulo by zero")]
    [InlineData(0x21, "enum")]
    [InlineData(0x22, "storage byte array")]
    [InlineData(0x31, "pop() on an empty array")]
    [InlineData(0x32, "out of bounds")]
    [InlineData(0x41, "memory")]
    [InlineData(0x51, "zero-initialized internal function")]
    [InlineData(0x99, "unknown panic code")]
    public void Panic_codes_are_readable(int code, string text)
    {
        var data = H("0x4e487b71" + Word(code.ToString("x")));
        var e = Assert.IsType<SmartContractRevertException>(RevertDecoder.Decode(data, []));
        Assert.Equal(new BigInteger(code), e.PanicCode);
        Assert.Null(e.RevertReason);
        Assert.Contains(text, e.Message);
        Assert.Contains($"0x{code:x2}", e.Message);
    }

    [Fact]
    public void Empty_data_reverted_without_a_reason()
    {
        var e = Assert.IsType<SmartContractRevertException>(RevertDecoder.Decode([], [Insufficient]));
        Assert.Contains("reverted without a reason", e.Message);
        Assert.Null(e.RevertReason);
    }

    [Fact]
    public void Known_custom_error_is_decoded_by_name()
    {
        var data = Insufficient.Encode([5, 10]);
        Assert.Equal("cf479181", Convert.ToHexStringLower(data, 0, 4));
        var e = Assert.IsType<SmartContractCustomErrorRevertException>(RevertDecoder.Decode(data, [Unauthorized, Insufficient]));
        Assert.Equal("Smart contract error -- InsufficientBalance(available: 5, required: 10)", e.Message);
        Assert.Equal("InsufficientBalance", e.ErrorName);
        Assert.Equal(["available", "required"], e.Arguments.Select(a => a.Key));
        Assert.Equal([new BigInteger(5), new BigInteger(10)], e.Arguments.Select(a => a.Value));
        Assert.Equal(data, e.ExceptionEncodedData);
        Assert.True(e.IsCustomErrorFor(Insufficient));
        Assert.False(e.IsCustomErrorFor(Unauthorized));
        AssertEqual(new object?[] { 5, 10 }, e.DecodeError(Insufficient));
    }

    [Fact]
    public void Unnamed_parameters_get_positional_keys()
    {
        var data = Unauthorized.Encode(["0x00000000000000000000000000000000000000aa"]);
        var e = Assert.IsType<SmartContractCustomErrorRevertException>(RevertDecoder.Decode(data, [Unauthorized]));
        Assert.Equal("arg0", e.Arguments[0].Key);
        Assert.Equal("Smart contract error -- Unauthorized(0x00000000000000000000000000000000000000AA)", e.Message);
    }

    [Fact]
    public void Unknown_custom_error_keeps_the_raw_data()
    {
        var data = H("0xabcdef01" + Word("1"));
        var e = Assert.IsType<SmartContractCustomErrorRevertException>(RevertDecoder.Decode(data, [Insufficient]));
        Assert.Equal("Smart contract reverted with unknown custom error 0xabcdef01", e.Message);
        Assert.Null(e.ErrorName);
        Assert.Empty(e.Arguments);
        Assert.Equal(data, e.ExceptionEncodedData);
        Assert.True(e.IsCustomErrorFor(AbiError.FromSignature("X()")) == (AbiError.FromSignature("X()").SelectorHex == "0xabcdef01"));
    }

    [Fact]
    public void Malformed_data_never_throws()
    {
        Assert.IsType<SmartContractRevertException>(RevertDecoder.Decode(H("0x08c379"), []));
        Assert.Contains("malformed Error(string)", RevertDecoder.Decode(H("0x08c379a0" + Word("20")), []).Message);
        Assert.Contains("malformed Panic", RevertDecoder.Decode(H("0x4e487b71"), []).Message);
        var e = Assert.IsType<SmartContractCustomErrorRevertException>(RevertDecoder.Decode(H("0xcf479181" + Word("1")), [Insufficient]));
        Assert.Equal("InsufficientBalance", e.ErrorName);
        Assert.Contains("could not be decoded", e.Message);
    }
}
