using System.Diagnostics;
using System.Net.Sockets;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Tests;

/// <summary><c>vaults devnet</c> on its own: up with a deployment file, and Ctrl-C stops it and its node.</summary>
public sealed class DevnetCommandTests
{
    private static VaultsDeployment Stale(long chainId)
    {
        var nobody = Vaults.Chain.Address.Parse("0x000000000000000000000000000000000000dEaD");
        return new VaultsDeployment
        {
            ChainId = chainId, DeploymentBlock = 1, SettlementToken = nobody, LiquidityPool = nobody,
            InsuranceFund = nobody, MarketConfig = nobody, VaultFactory = nobody, VaultLens = nobody, Markets = [new DeployedMarket(0, "ETH-USD", nobody, 1)],
        };
    }

    [Fact]
    public async Task Devnet_deploys_writes_the_file_serves_commands_and_stops_its_node_on_ctrl_c()
    {
        var devnet = CliDevnet.ViaDevnetCommand();
        try
        {
            // A previous devnet's file: its chain is gone, so it is replaced, and the replacement is said.
            await VaultsDeploymentFile.WriteAsync(Path.Combine(devnet.Directory, VaultsDeploymentFile.DefaultFileName), Stale(31337));
            await devnet.InitializeAsync();
            Assert.Contains($"Replacing {VaultsDeploymentFile.DefaultFileName} (a previous devnet's deployment", devnet.StartupOutput);
            Assert.NotEqual(Stale(31337).VaultFactory, devnet.Deployment.VaultFactory);
            Assert.Contains("Vault factory", devnet.StartupOutput);
            // The lines to paste into another shell.
            Assert.Contains($"export VAULTS_RPC_URL=http://127.0.0.1:{devnet.Port}/", devnet.StartupOutput);
            Assert.Contains($"export VAULTS_DEPLOYMENT={Path.Combine(devnet.Directory, VaultsDeploymentFile.DefaultFileName)}", devnet.StartupOutput);
            Assert.Contains(devnet.Deployment.VaultFactory.ToString(), devnet.StartupOutput);
            Assert.Equal(31337, devnet.Deployment.ChainId);
            Assert.DoesNotContain("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", devnet.StartupOutput); // dev key #0 never printed
            Assert.Equal(2000m, (await devnet.JsonAsync("oracle", "show", "--market", "ETH-USD")).GetProperty("price").GetAmount());

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

    [Fact]
    public async Task Binaries_outside_the_repository_install_hardhat_node_once_per_user_and_run_the_devnet()
    {
        // The CLI's binaries copied out of the clone, as the tool package installs them: no hardhat-node/ above them,
        // only the bundle beside them, and a fresh per-user data folder.
        var root = Directory.CreateTempSubdirectory("vaults-tool-").FullName;
        try
        {
            var tool = Path.Combine(root, "tool");
            CopyDirectory(Path.GetDirectoryName(Cli.DllPath)!, tool);
            var work = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
            var environment = new Dictionary<string, string> { ["XDG_DATA_HOME"] = Path.Combine(root, "data") };

            var first = await RunDevnetUntilReadyAsync(Path.Combine(tool, "vaults.dll"), work, environment, TimeSpan.FromMinutes(5));
            Assert.Contains("First use: installing the devnet's Node.js packages", first);
            var installed = Assert.Single(Directory.GetDirectories(Path.Combine(root, "data", "vaults", "hardhat-node")));
            Assert.True(File.Exists(Path.Combine(installed, "node_modules", ".package-lock.json")));

            var second = await RunDevnetUntilReadyAsync(Path.Combine(tool, "vaults.dll"), work, environment, TimeSpan.FromMinutes(2));
            Assert.DoesNotContain("First use", second);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Starts <c>devnet</c> from <paramref name="dll"/>, waits until it is ready, stops it with Ctrl-C (exit 0) and returns its output.</summary>
    private static async Task<string> RunDevnetUntilReadyAsync(string dll, string folder, Dictionary<string, string> environment, TimeSpan timeout)
    {
        using var process = Cli.Start(["devnet", "--port", Cli.FreePort().ToString(), "--deployment", $"{Guid.NewGuid():N}.json"], folder, environment, dll);
        try
        {
            return await Cli.WaitForLineAsync(process, "Devnet ready", timeout);
        }
        finally
        {
            await Cli.InterruptAsync(process);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await process.WaitForExitAsync(cts.Token); } catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
