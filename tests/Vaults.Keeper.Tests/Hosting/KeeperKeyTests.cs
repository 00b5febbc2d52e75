using Vaults.Keeper.Hosting;

namespace Vaults.Keeper.Tests.Hosting;

public sealed class KeeperKeyTests
{
    private const string PastedKey = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6";

    [Theory]
    [InlineData(PastedKey, "not the key itself")]
    [InlineData("2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6", "not the key itself")]
    [InlineData("KEEPER-KEY", "letters, digits and _")]
    public void A_key_or_non_name_given_as_the_key_variable_is_refused_without_echoing_it(string value, string expected)
    {
        var e = Assert.Throws<KeeperStartupException>(() => KeeperKey.Load(new KeeperOptions { KeyEnvironmentVariable = value }, chainId: 31337));

        Assert.Contains("--key-env (Keeper:KeyEnvironmentVariable) takes the NAME of an environment variable", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain(value.Replace("0x", ""), e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_unset_variable_is_named()
    {
        var e = Assert.Throws<KeeperStartupException>(() =>
            KeeperKey.Load(new KeeperOptions { KeyEnvironmentVariable = "VAULTS_KEEPER_TEST_UNSET_KEY" }, chainId: 31337));

        Assert.Contains("VAULTS_KEEPER_TEST_UNSET_KEY", e.Message);
    }
}
