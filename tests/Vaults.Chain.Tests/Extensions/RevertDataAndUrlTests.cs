using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Newtonsoft.Json.Linq;

namespace Vaults.Chain.Tests.Extensions;

/// <summary>Revert data in the shapes nodes answer with, turned into Nethereum's exceptions; and node URLs as messages may show them.</summary>
public sealed class RevertDataAndUrlTests
{
    [Theory]
    [InlineData("\"0x08c379a0\"", "0x08c379a0")]
    [InlineData("{\"message\":\"reverted\",\"data\":\"0xdeadbeef\"}", "0xdeadbeef")] // Hardhat's nested shape
    [InlineData("null", null)]
    [InlineData("\"0x\"", "0x")] // Anvil's empty revert
    [InlineData("\"not hex\"", null)]
    public void Revert_data_is_found_in_every_shape_nodes_send(string data, string? expected) =>
        Assert.Equal(expected, RevertData.Get(new RpcError(3, "execution reverted", JToken.Parse(data))));

    [Fact]
    public void Error_string_reverts_become_Nethereums_SmartContractRevertException_with_the_reason()
    {
        // Error("nope"): selector 08c379a0, offset, length 4, "nope".
        const string data = "0x08c379a0" + "0000000000000000000000000000000000000000000000000000000000000020"
            + "0000000000000000000000000000000000000000000000000000000000000004" + "6e6f706500000000000000000000000000000000000000000000000000000000";
        var e = Assert.IsType<SmartContractRevertException>(RevertData.ToException(data));
        Assert.Equal("nope", e.RevertMessage);
        Assert.Equal("0xdeadbeef", Assert.IsType<SmartContractCustomErrorRevertException>(RevertData.ToException("0xdeadbeef")).ExceptionEncodedData);
    }

    [Theory]
    [InlineData("https://user:secret@node.example/v3/0123456789abcdef0123456789abcdef", "https://node.example/v3/***")]
    [InlineData("https://node.example/rpc?apikey=secret", "https://node.example/rpc?***")]
    [InlineData("http://127.0.0.1:8545/", "http://127.0.0.1:8545")]
    public void Credentials_and_api_keys_never_reach_a_message(string url, string shown) =>
        Assert.Equal(shown, RpcUrl.Redact(url));

    [Theory]
    [InlineData("Cannot reach https://user:pw@node.example/v3/0123456789abcdef0123456789abcdef.", "Cannot reach https://node.example/v3/***.")]
    [InlineData("error at 'wss://node.example/ws?key=abc' (retrying), then http://127.0.0.1:8545/", "error at 'wss://node.example/ws?***' (retrying), then http://127.0.0.1:8545")]
    [InlineData("no url here", "no url here")]
    public void Urls_inside_any_text_are_redacted(string text, string shown) =>
        Assert.Equal(shown, UrlScrubber.Scrub(text));

    [Theory]
    [InlineData("ftp://127.0.0.1:8545")]
    [InlineData("127.0.0.1:8545")]
    [InlineData("")]
    public void A_url_that_is_not_a_node_url_is_refused_in_words(string url) =>
        Assert.Contains("URL", Assert.Throws<ArgumentException>(() => RpcUrl.Parse(url, "url")).Message);
}
