using Vaults.Ethereum.Accounts;

namespace Vaults.Ethereum.Tests.Accounts;

public sealed class KeyVariableNameTests
{
    [Theory]
    [InlineData("DEPLOYER_KEY")]
    [InlineData("VAULTS_KEEPER_PRIVATE_KEY")]
    [InlineData("_key1")]
    [InlineData("DEADBEEF")] // hex, but far too short to be key material
    public void Variable_names_pass(string name) => Assert.Null(KeyVariableName.Problem(name, "--key-env"));

    [Theory]
    [InlineData("0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6", "not the key itself")]
    [InlineData("2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6", "not the key itself")]
    [InlineData(" 0X2A871D0798F97D79848A013D4936A73B ", "not the key itself")]
    [InlineData("MY-KEY", "letters, digits and _")]
    [InlineData("1KEY", "letters, digits and _")]
    [InlineData("", "letters, digits and _")]
    public void Keys_and_non_names_are_refused_without_the_value(string value, string expected)
    {
        var problem = KeyVariableName.Problem(value, "--key-env");

        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
        Assert.StartsWith("--key-env takes the NAME of an environment variable holding the key", problem);
        if (value.Trim().Length > 0) Assert.DoesNotContain(value.Trim(), problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', problem);
    }
}
