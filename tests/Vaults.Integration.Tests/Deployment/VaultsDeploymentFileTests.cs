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
        LiquidityPool = Address.Parse("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0"),
        InsuranceFund = Address.Parse("0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9"),
        MarketConfig = Address.Parse("0xdc64a140aa3e981100a9beca4e685f962f0cf6c9"),
        VaultFactory = Address.Parse("0x5fc8d32690cc91d4c39d9d3abcbd16989f875707"),
        VaultLens = Address.Parse("0x0165878a594ca255338adfa4d48449f69242eb8f"),
        Markets =
        [
            new DeployedMarket(1, "ETH-USD", Address.Parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"), 7),
            new DeployedMarket(2, "BTC-USD", Address.Parse("0x2279b7a0a67db372996a5fab50d91eaa73d2ebe6"), 9),
        ],
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

    [Fact]
    public async Task Layout_1_file_of_one_market_loads_as_that_market_and_is_written_back_in_layout_2()
    {
        // What vaults devnet and vaults deploy wrote before markets were listed: one priceOracle, one marketId, no layout.
        const string layout1 = """
            {
              "chainId": 31337,
              "deploymentBlock": 7,
              "settlementToken": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
              "priceOracle": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
              "liquidityPool": "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
              "insuranceFund": "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
              "marketConfig": "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
              "vaultFactory": "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
              "vaultLens": "0x0165878A594ca255338adfa4d48449f69242Eb8F",
              "marketId": 0
            }
            """;
        var path = Path.Combine(_directory, "layout1.json");
        await File.WriteAllTextAsync(path, layout1);

        var read = await VaultsDeploymentFile.ReadAsync(path);
        Assert.Equal(1, read.Layout);
        var market = Assert.Single(read.Markets);
        Assert.Equal(new DeployedMarket(0, "market-0", Address.Parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"), 7), market);
        Assert.Equal(market.Feed, read.PriceOracle);
        Assert.Equal(0UL, read.MarketId);
        Assert.Same(market, read.FindMarket("MARKET-0"));
        Assert.Same(market, read.FindMarket("0"));
        Assert.Null(read.FindMarket("ETH-USD"));

        await VaultsDeploymentFile.WriteAsync(path, read);
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("\"layout\": 2", text);
        Assert.Contains("\"markets\"", text);
        Assert.DoesNotContain("\"priceOracle\"", text);
        Assert.Equal(read with { Layout = 2 }, await VaultsDeploymentFile.ReadAsync(path));
    }

    [Fact]
    public async Task A_newer_layout_and_two_markets_of_one_name_are_refused_in_one_line()
    {
        var path = Path.Combine(_directory, "newer.json");
        var json = VaultsDeploymentFile.ToJson(Sample);
        await File.WriteAllTextAsync(path, json.Replace("\"layout\": 2", "\"layout\": 3"));
        var newer = await Assert.ThrowsAsync<DeploymentFileException>(() => VaultsDeploymentFile.ReadAsync(path));
        Assert.Contains("layout 3", newer.Message);
        Assert.DoesNotContain("\n", newer.Message);

        await File.WriteAllTextAsync(path, json.Replace("BTC-USD", "eth-usd"));
        var duplicate = await Assert.ThrowsAsync<DeploymentFileException>(() => VaultsDeploymentFile.ReadAsync(path));
        Assert.Contains("two markets 'eth-usd'", duplicate.Message, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
