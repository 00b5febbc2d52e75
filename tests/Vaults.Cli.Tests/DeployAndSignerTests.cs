using System.Text.Json;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.VaultFactory;
using Vaults.Devnet;
using Nethereum.Web3.Accounts;
using Vaults.Chain;

namespace Vaults.Cli.Tests;

/// <summary><c>vaults deploy</c> (to the devnet's node, with a key from the environment) and the keystore signer.</summary>
public sealed class DeployAndSignerTests(CliDevnet devnet) : CliDevnetTest(devnet)
{
    [Fact]
    public async Task Deploy_writes_a_deployment_file_and_a_second_run_deploys_nothing()
    {
        var file = Path.Combine(Devnet.Directory, $"second-{Guid.NewGuid():N}.json");
        var key = HardhatDevAccounts.PublishedDevKeys[9].PrivateKey;
        var environment = new Dictionary<string, string> { ["VAULTS_TEST_DEPLOYER_KEY"] = key };
        string[] args = ["deploy", "--deployment", file, "--key-env", "VAULTS_TEST_DEPLOYER_KEY", "--initial-price", "1850.25", "--rpc-url", Devnet.RpcUrl];

        var first = await Cli.RunAsync([.. args, "--json"], Devnet.Directory, environment: environment);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.DoesNotContain(key[2..], first.Stdout + first.Stderr, StringComparison.OrdinalIgnoreCase);
        var deployed = VaultsDeploymentFile.FromJson(first.Stdout);
        Assert.Equal(deployed, await VaultsDeploymentFile.ReadAsync(file));
        Assert.NotEqual(Devnet.Deployment.VaultFactory, deployed.VaultFactory);
        Assert.NotEmpty(await Devnet.Web3.Eth.GetCodeAsync(deployed.VaultFactory.ToString()));
        var price = await Cli.RunAsync(["oracle", "show", "--deployment", file, "--rpc-url", Devnet.RpcUrl, "--json"], Devnet.Directory);
        Assert.Equal(1850.25m, JsonDocument.Parse(price.Stdout).RootElement.GetProperty("price").GetAmount());

        var blockBefore = await Devnet.BlockNumberAsync();
        var second = await Cli.RunAsync(args, Devnet.Directory, environment: environment);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("nothing to do", second.Stdout);
        Assert.Equal(blockBefore, await Devnet.BlockNumberAsync());
        Assert.Equal(deployed, await VaultsDeploymentFile.ReadAsync(file));
    }

    [Fact]
    public async Task Deploy_refuses_a_deployment_file_that_does_not_match_the_node()
    {
        var file = Path.Combine(Devnet.Directory, $"stale-{Guid.NewGuid():N}.json");
        await VaultsDeploymentFile.WriteAsync(file, Devnet.Deployment with { VaultFactory = Address.Parse("0x000000000000000000000000000000000000dEaD") });
        var blockBefore = await Devnet.BlockNumberAsync();

        var result = await Cli.RunAsync(["deploy", "--deployment", file, "--dev-account", "0", "--rpc-url", Devnet.RpcUrl], Devnet.Directory);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not match this node", Assert.Single(result.ErrorLines));
        Assert.Equal(blockBefore, await Devnet.BlockNumberAsync());
    }

    public static TheoryData<string, string, string> BadExistingContracts => new()
    {
        { "--price-feed", "0x000000000000000000000000000000000000dEaD", "The price feed 0x000000000000000000000000000000000000dEaD has no contract code on chain 31337" },
        // Code, but no decimals(): the devnet's factory.
        { "--token", "factory", "does not answer decimals()" },
        // decimals() but no latestRoundData(): the devnet's token given as the feed.
        { "--price-feed", "token", "does not answer latestRoundData()" },
    };

    [Theory]
    [MemberData(nameof(BadExistingContracts))]
    public async Task Deploy_with_a_token_or_feed_that_is_not_one_deploys_nothing(string flag, string address, string expected)
    {
        var file = Path.Combine(Devnet.Directory, $"bad-{Guid.NewGuid():N}.json");
        var value = address switch
        {
            "factory" => Devnet.Deployment.VaultFactory.ToString(),
            "token" => Devnet.Deployment.SettlementToken.ToString(),
            _ => address,
        };
        var blockBefore = await Devnet.BlockNumberAsync();

        var result = await Cli.RunAsync(["deploy", "--deployment", file, "--dev-account", "0", flag, value, "--rpc-url", Devnet.RpcUrl], Devnet.Directory);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("nothing was deployed.", line);
        Assert.Equal(blockBefore, await Devnet.BlockNumberAsync());
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Keystore_signer_opens_a_vault_for_its_address()
    {
        var account = HardhatDevAccounts.PublishedDevKeys[3];
        // A light scrypt cost keeps the test fast; the format is the standard Web3 Secret Storage v3.
        var keystore = KeyStoreAccounts.Encrypt(new Account(account.PrivateKey), "correct horse", scryptN: 1 << 12);
        var keystoreFile = Path.Combine(Devnet.Directory, $"key-{Guid.NewGuid():N}.json");
        var passwordFile = Path.Combine(Devnet.Directory, $"password-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(keystoreFile, keystore);
        await File.WriteAllTextAsync(passwordFile, "correct horse\n");

        var opened = (await Devnet.JsonAsync("vault", "open", "--market", "ETH-USD", "--side", "short", "--collateral", "300", "--size", "0.5", "--keystore", keystoreFile, "--password-file", passwordFile)).WriteResult("vault open");

        var vault = Address.Parse(opened.GetProperty("address").GetString()!);
        Assert.Equal(account.Address, await new VaultFactoryService(Devnet.Web3, Devnet.Deployment.VaultFactory).OwnerOfQueryAsync(vault));
        Assert.Equal(0.5m, opened.GetProperty("size").GetAmount());

        await File.WriteAllTextAsync(passwordFile, "wrong\n");
        var wrong = await Devnet.RunAsync("vault", "add-margin", vault.ToString(), "--amount", "1", "--keystore", keystoreFile, "--password-file", passwordFile);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("could not be decrypted", Assert.Single(wrong.ErrorLines));
    }
}
