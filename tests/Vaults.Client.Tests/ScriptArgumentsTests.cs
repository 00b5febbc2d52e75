using Vaults.Client;

namespace Vaults.Client.Tests;

public sealed class ScriptArgumentsTests
{
    [Theory]
    [InlineData("8", 8)]
    [InlineData("8x", 8)]
    [InlineData("2.5X", 2.5)]
    public void Leverage_is_written_as_the_cli_takes_it(string text, decimal expected) =>
        Assert.Equal(expected, new ScriptArguments(["--leverage", text]).Leverage(5m));

    [Fact]
    public void Leverage_defaults_when_absent_and_refuses_nonsense_in_one_line()
    {
        Assert.Equal(5m, new ScriptArguments([]).Leverage(5m));
        var e = Assert.Throws<VaultsClientException>(() => new ScriptArguments(["--leverage", "eightx"]).Leverage(5m));
        Assert.StartsWith("--leverage 'eight' is not a number", e.Message);
    }
}
