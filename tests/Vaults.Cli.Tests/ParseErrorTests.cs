namespace Vaults.Cli.Tests;

/// <summary>
/// Mistakes System.CommandLine catches before any command runs: one line on stderr starting with 'error:', naming the
/// option and the value it wants in words (no .NET type names, no help page), exit code 1, as every other bad input.
/// </summary>
public sealed class ParseErrorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vaults-parse-errors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(new[] { "vault", "open" }, "'vaults vault open' needs --side (long or short) and --collateral (margin in tokens")]
    [InlineData(new[] { "vault", "open", "--side", "long" }, "'vaults vault open' needs --collateral")]
    [InlineData(new[] { "foo" }, "'foo' is not a command of 'vaults': use one of devnet, deploy, market, oracle, vault, pool, balance, watch, keeper, demo.")]
    [InlineData(new[] { "vault", "lisst" }, "'lisst' is not a command of 'vaults vault': use one of list,")]
    [InlineData(new[] { "vault", "list", "--dev-account", "abc" }, "--dev-account takes a whole number, not 'abc'.")]
    [InlineData(new[] { "vault", "list", "--nope" }, "'vaults vault list' has no option --nope")]
    [InlineData(new[] { "vault", "show" }, "'vaults vault show' needs the vault argument")]
    [InlineData(new[] { "devnet", "--port", "70000" }, "--port must be between 1 and 65535 (got 70000).")]
    [InlineData(new[] { "demo", "--port", "0" }, "--port must be between 1 and 65535 (got 0).")]
    [InlineData(new[] { "devnet", "--port", "abc" }, "--port takes a whole number, not 'abc'.")]
    [InlineData(new[] { "watch", "--top", "abc" }, "--top takes a whole number, not 'abc'.")]
    [InlineData(new[] { "vault" }, "'vaults vault' needs a command: list, show, history, open,")]
    [InlineData(new[] { "vault", "list", "--key-env" }, "--key-env needs a value")]
    public async Task Parse_errors_are_one_line_naming_the_option_and_the_expected_value(string[] args, string expected)
    {
        var result = await Cli.RunAsync(args, _folder);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("System.", line);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Help_still_prints_the_page()
    {
        var result = await Cli.RunAsync(["vault", "open", "--help"], _folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--collateral", result.Stdout);
        Assert.Equal("", result.Stderr);
    }
}
