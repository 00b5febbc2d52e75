using System.Diagnostics;
using Vaults.Devnet;

namespace Vaults.Integration.Tests.Devnet;

/// <summary>Starting, stopping and restarting nodes of their own (not the shared collection node).</summary>
public sealed class HardhatNodeLifecycleTests
{
    [Fact]
    public async Task Node_process_is_gone_after_StopAsync()
    {
        var node = await HardhatNode.StartAsync(new HardhatNodeOptions());
        var pid = node.ProcessId!.Value;
        using var process = Process.GetProcessById(pid);

        await node.StopAsync();

        Assert.True(process.HasExited);
        Assert.Null(node.ProcessId);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => new HttpClient().GetAsync(node.RpcUrl));
        await node.StopAsync(); // idempotent
    }

    [Fact]
    public async Task Second_fixture_gets_a_different_port()
    {
        var first = new DevnetFixture();
        var second = new DevnetFixture();
        await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
        try
        {
            Assert.NotEqual(first.Node.Port, second.Node.Port);
            Assert.Equal(31337, second.Node.ChainId);
            // Independent chains: state set on one is not on the other.
            await first.SetBalanceAsync("0x000000000000000000000000000000000000dEaD", 7);
            Assert.Equal(7, (int)await first.GetBalanceAsync("0x000000000000000000000000000000000000dEaD"));
            Assert.Equal(0, (int)await second.GetBalanceAsync("0x000000000000000000000000000000000000dEaD"));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restart_keeps_the_port_and_starts_a_new_process()
    {
        await using var node = await HardhatNode.StartAsync(new HardhatNodeOptions());
        var (port, pid) = (node.Port, node.ProcessId);

        await node.RestartAsync();

        Assert.Equal(port, node.Port);
        Assert.NotEqual(pid, node.ProcessId);
        Assert.Equal(31337, node.ChainId);
    }

    [Fact]
    public async Task Missing_node_executable_gives_a_clear_error()
    {
        var options = new HardhatNodeOptions { NodeExecutable = "/nonexistent/node" };

        var error = await Assert.ThrowsAsync<HardhatNodeStartException>(() => HardhatNode.StartAsync(options));
        Assert.Contains("Node.js", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fixed_port_already_in_use_is_refused_before_any_node_starts()
    {
        // Hold a fixed port ourselves: a node started there could not bind, and an answer on the port would come from someone else.
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        var options = new HardhatNodeOptions { Port = port };

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<HardhatNodeStartException>(() => HardhatNode.StartAsync(options));
        Assert.Equal($"Port {port} on 127.0.0.1 is already in use (another devnet or node is listening there): stop it, or choose another port with --port.", error.Message);
        Assert.Equal(port, error.PortInUse);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}: the node was started"); // no node process was launched
    }

    [Fact]
    public async Task Invalid_port_is_rejected_before_starting_anything()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => HardhatNode.StartAsync(new HardhatNodeOptions { Port = 70000 }));
    }
}
