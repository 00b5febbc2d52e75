using System.Diagnostics;
using System.Net.Sockets;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Tests;

/// <summary><c>vaults devnet</c> on its own: up with a deployment file, and Ctrl-C stops it and its node.</summary>
public sealed class DevnetCommandTests
{
    private static VaultsDeployment Stale(long chainId)
    {
        var nobody = Vaults.Ethereum.Util.Address.Parse("0x000000000000000000000000000000000000dEaD");
        return new VaultsDeployment
        {
            ChainId = chainId, DeploymentBlock = 1, SettlementToken = nobody, PriceOracle = nobody, LiquidityPool = nobody,
            InsuranceFund = nobody, MarketConfig = nobody, VaultFactory = nobody, VaultLens = nobody, MarketId = 1,
        };
    }

    [Fact]
    public async Task Devnet_deploys_writes_the_file_serves_commands_and_stops_its_node_on_ctrl_c()
    {
        var devnet = new CliDevnet();
        try
        {
            // A previous devnet's file: its chain is gone, so it is replaced, and the replacement is said.
            await VaultsDeploymentFile.WriteAsync(Path.Combine(devnet.Directory, VaultsDeploymentFile.DefaultFileName), Stale(31337));
            await devnet.InitializeAsync();
            Assert.Contains($"Replacing {VaultsDeploymentFile.DefaultFileName} (a previous devnet's deployment", devnet.StartupOutput);
            Assert.NotEqual(Stale(31337).VaultFactory, devnet.Deployment.VaultFactory);
            Assert.Contains("Vault factory", devnet.StartupOutput);
            Assert.Contains(devnet.Deployment.VaultFactory.ToString(), devnet.StartupOutput);
            Assert.Equal(31337, devnet.Deployment.ChainId);
            Assert.DoesNotContain("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", devnet.StartupOutput); // dev key #0 never printed
            Assert.Equal(2000m, (await devnet.JsonAsync("oracle", "show")).GetProperty("price").GetDecimal());

            await devnet.StopAsync();

            Assert.Equal(0, devnet.ExitCode);
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", devnet.Port));
        }
        finally
        {
            await devnet.DisposeAsync();
        }
    }

    [Fact]
    public async Task Devnet_refuses_to_overwrite_another_chains_deployment_file_without_force()
    {
        var folder = Directory.CreateTempSubdirectory("vaults-devnet-refuse-").FullName;
        try
        {
            var file = Path.Combine(folder, VaultsDeploymentFile.DefaultFileName);
            await VaultsDeploymentFile.WriteAsync(file, Stale(11155111));
            var before = await File.ReadAllTextAsync(file);

            var result = await Cli.RunAsync(["devnet", "--port", Cli.FreePort().ToString()], folder, TimeSpan.FromSeconds(60));

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("holds a deployment on chain 11155111, not a previous devnet's: refusing to overwrite it (pass --force",
                Assert.Single(result.ErrorLines));
            Assert.Equal(before, await File.ReadAllTextAsync(file));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Devnet_in_a_terminal_shows_a_spinner_while_it_starts()
    {
        var folder = Directory.CreateTempSubdirectory("vaults-devnet-tty-").FullName;
        // util-linux 'script' gives the CLI a pseudo-terminal, as a person's shell would.
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = folder,
        };
        foreach (var arg in new[] { "-qefc", $"dotnet '{Cli.DllPath}' devnet --port {Cli.FreePort()}", "/dev/null" }) info.ArgumentList.Add(arg);
        info.Environment["TERM"] = "xterm-256color";
        info.Environment.Remove("COLUMNS");
        using var process = Process.Start(info)!;
        try
        {
            var seen = await Cli.WaitForLineAsync(process, "Devnet ready", TimeSpan.FromSeconds(180));

            Assert.Contains("Starting the Hardhat node on 127.0.0.1", seen);
            Assert.Contains("\u001b[?25l", seen); // the live display hides the cursor while it spins
            Assert.True(seen.IndexOfAny(['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']) >= 0, seen);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
