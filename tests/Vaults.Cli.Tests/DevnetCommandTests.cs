using System.Net.Sockets;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Tests;

/// <summary><c>vaults devnet</c> on its own: up with a deployment file, and Ctrl-C stops it and its node.</summary>
public sealed class DevnetCommandTests
{
    [Fact]
    public async Task Devnet_deploys_writes_the_file_serves_commands_and_stops_its_node_on_ctrl_c()
    {
        var devnet = new CliDevnet();
        try
        {
            await devnet.InitializeAsync();
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
}
