using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Vaults.Client;
using Vaults.Contracts.Deployment;
using Nethereum.Web3;
using Vaults.Chain;
using Vaults.TestNodes;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Vaults.Cli.Tests;

/// <summary>
/// A devnet for the CLI tests, with the deployment file in a temporary folder the CLI runs in. As the shared collection
/// fixture: a node from <see cref="TestNodes"/> (a container when Docker answers, a child process otherwise) with the system
/// deployed and seeded by the code <c>vaults devnet</c> runs (<see cref="LocalDevnet.DeployOnAsync"/>). From
/// <see cref="ViaDevnetCommand"/>: started the way a user starts it, <c>vaults devnet --port P</c> as a process, and stopped
/// with Ctrl-C (SIGINT), as a user stops it.
/// </summary>
public sealed class CliDevnet : IAsyncLifetime
{
    private readonly IMessageSink? _diagnostics;
    private readonly bool _viaDevnetCommand;
    private Process? _process;
    private LocalDevnet? _devnet;

    /// <summary>The shared fixture (xunit injects <paramref name="diagnostics"/>: it receives the line saying how the node runs).</summary>
    public CliDevnet(IMessageSink? diagnostics = null) : this(diagnostics, viaDevnetCommand: false) { }

    private CliDevnet(IMessageSink? diagnostics, bool viaDevnetCommand)
    {
        _diagnostics = diagnostics;
        _viaDevnetCommand = viaDevnetCommand;
        if (viaDevnetCommand) Port = Cli.FreePort();
    }

    /// <summary>A devnet that <c>vaults devnet</c> starts as a process (for the tests of that command).</summary>
    public static CliDevnet ViaDevnetCommand() => new(diagnostics: null, viaDevnetCommand: true);

    /// <summary>The folder the CLI runs in (holds vaults.deployment.json).</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("vaults-cli-tests-").FullName;

    /// <summary>The node's port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The node's JSON-RPC URL.</summary>
    public string RpcUrl => $"http://127.0.0.1:{Port}/";

    /// <summary>What <c>vaults devnet</c> printed until it was ready (<see cref="ViaDevnetCommand"/> only).</summary>
    public string StartupOutput { get; private set; } = "";

    /// <summary>The deployment file the devnet wrote.</summary>
    public VaultsDeployment Deployment { get; private set; } = null!;

    /// <summary>A read-only Web3 for independent on-chain checks.</summary>
    public Web3 Web3 => new(RpcUrl);

    /// <summary>The exit code of <c>vaults devnet</c> after Ctrl-C (set by <see cref="StopAsync"/>).</summary>
    public int? ExitCode { get; private set; }

    public async Task InitializeAsync()
    {
        var file = Path.Combine(Directory, VaultsDeploymentFile.DefaultFileName);
        if (_viaDevnetCommand)
        {
            _process = Cli.Start(["devnet", "--port", Port.ToString()], Directory);
            StartupOutput = await Cli.WaitForLineAsync(_process, "Devnet ready", TimeSpan.FromSeconds(180));
            Deployment = await VaultsDeploymentFile.ReadAsync(file);
            return;
        }
        var node = await TestNodes.TestNodes.StartAsync(_diagnostics is { } sink ? line => sink.OnMessage(new DiagnosticMessage(line)) : null);
        Port = node.Port;
        _devnet = await LocalDevnet.DeployOnAsync(node); // owns the node from here on
        Deployment = _devnet.Deployment;
        await VaultsDeploymentFile.WriteAsync(file, Deployment);
    }

    /// <summary>Runs the CLI in the devnet's folder against its node.</summary>
    public Task<CliResult> RunAsync(params string[] args) => Cli.RunAsync([.. args, "--rpc-url", RpcUrl], Directory);

    /// <summary>Runs a read command with --json and parses stdout.</summary>
    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var result = await RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    /// <summary>The latest block number: unchanged means no transaction was mined (automine mines one per transaction).</summary>
    public async Task<BigInteger> BlockNumberAsync() => (await Web3.Eth.BlockNumberAsync()).Value;

    public Task<string> SnapshotAsync() => new DevToolsService(Web3.Client).SnapshotAsync();

    public Task<bool> RevertAsync(string id) => new DevToolsService(Web3.Client).RevertAsync(id);

    /// <summary>Moves the chain's clock forward by <paramref name="seconds"/> and mines a block.</summary>
    public async Task AdvanceTimeAsync(long seconds)
    {
        var tools = new DevToolsService(Web3.Client);
        await tools.IncreaseTimeAsync(seconds);
        await tools.MineAsync();
    }

    /// <summary>Ctrl-C, as a user stops the devnet, and the exit code is kept in <see cref="ExitCode"/>; or, for the shared fixture, the node stops.</summary>
    public async Task StopAsync()
    {
        if (_devnet is not null)
        {
            await _devnet.DisposeAsync();
            _devnet = null;
        }
        if (_process is null || _process.HasExited) return;
        await Cli.InterruptAsync(_process);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            ExitCode = _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class CliDevnetCollection : ICollectionFixture<CliDevnet>
{
    public const string Name = "vaults devnet";
}

/// <summary>Base for tests on the shared devnet: a snapshot before each test and a revert after, so tests do not see each other's vaults or prices.</summary>
[Collection(CliDevnetCollection.Name)]
public abstract class CliDevnetTest(CliDevnet devnet) : IAsyncLifetime
{
    private string? _snapshot;

    protected CliDevnet Devnet { get; } = devnet;

    public async Task InitializeAsync() => _snapshot = await Devnet.SnapshotAsync();

    public async Task DisposeAsync()
    {
        if (_snapshot is not null) Assert.True(await Devnet.RevertAsync(_snapshot), "evm_revert failed");
    }
}
