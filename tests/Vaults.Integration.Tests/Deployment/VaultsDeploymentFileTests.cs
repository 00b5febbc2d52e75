using Vaults.Contracts.Deployment;
using Vaults.Chain;
using Xunit;

namespace Vaults.Integration.Tests.Deployment;

/// <summary>The deployment file: what deploy writes is what the CLI and the keeper read, and bad files fail with a named reason.</summary>
public sealed class VaultsDeploymentFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vaults-deployment-").FullName;

    private static VaultsDeployment Sample => new()
    {
        ChainId = 31337,
        DeploymentBlock = 7,
        SettlementToken = Address.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
        PriceOracle = Address.Parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"),
        LiquidityPool = Address.Parse("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0"),
        InsuranceFund = Address.Parse("0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9"),
        MarketConfig = Address.Parse("0xdc64a140aa3e981100a9beca4e685f962f0cf6c9"),
        VaultFactory = Address.Parse("0x5fc8d32690cc91d4c39d9d3abcbd16989f875707"),
        VaultLens = Address.Parse("0x0165878a594ca255338adfa4d48449f69242eb8f"),
        MarketId = 1,
    };

    [Fact]
    public async Task Written_file_reads_back_equal_with_checksummed_addresses()
    {
        var path = Path.Combine(_directory, "nested", VaultsDeploymentFile.DefaultFileName);
        await VaultsDeploymentFile.WriteAsync(path, Sample);

        Assert.Equal(Sample, await VaultsDeploymentFile.ReadAsync(path));
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("\"vaultFactory\": \"0x5FC8d32690cc91D4c39d9d3abcBD16989F875707\"", text);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public async Task Missing_file_names_the_path_and_the_command_that_writes_it()
    {
        var path = Path.Combine(_directory, "absent.json");
        var error = await Assert.ThrowsAsync<DeploymentFileException>(() => VaultsDeploymentFile.ReadAsync(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("vaults deploy", error.Message);
    }

    [Fact]
    public async Task Missing_property_and_bad_checksum_are_named()
    {
        var json = VaultsDeploymentFile.ToJson(Sample);
        var path = Path.Combine(_directory, "bad.json");

        await File.WriteAllTextAsync(path, json.Replace("\"vaultLens\"", "\"somethingElse\""));
        var missing = await Assert.ThrowsAsync<DeploymentFileException>(() => VaultsDeploymentFile.ReadAsync(path));
        Assert.Contains("vaultLens", missing.Message);

        await File.WriteAllTextAsync(path, json.Replace("0x5FC8d32690cc91D4c39d9d3abcBD16989F875707", "0x5fC8d32690cc91D4c39d9d3abcBD16989F875707"));
        var checksum = await Assert.ThrowsAsync<DeploymentFileException>(() => VaultsDeploymentFile.ReadAsync(path));
        Assert.Contains("checksum", checksum.Message);
        Assert.DoesNotContain("\n", checksum.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
