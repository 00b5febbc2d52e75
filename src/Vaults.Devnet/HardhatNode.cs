using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vaults.Chain;
using Nethereum.RPC;

namespace Vaults.Devnet;

/// <summary>
/// A Hardhat Network JSON-RPC server (HTTP and WebSocket on one 127.0.0.1 port) running as a child
/// <c>node scripts/run-node.js</c> process, for the devnet and the integration tests.
/// </summary>
/// <remarks>
/// Leak protection has three layers: <see cref="StopAsync"/> / <see cref="DisposeAsync"/>; a kill on
/// <see cref="AppDomain.ProcessExit"/>; and, for a parent that dies without running either (SIGKILL, a
/// crashed test host), run-node.js itself exits when our pid disappears or its stdin pipe closes.
/// The chain lives in memory: a restart starts from genesis again.
/// </remarks>
public sealed class HardhatNode : DevnetNodeBase
{
    // One client for all nodes: probes are tiny and sockets are better reused (Nethereum #627/#933).

    private readonly HardhatNodeOptions _options;
    private readonly ILogger _logger;
    private readonly EventHandler _killOnProcessExit;
    private Process? _process;
    private OutputTail _output = new(40);
    private TaskCompletionSource _readyLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The line run-node.js prints once its server listens (the node we started, not whatever answers on the port).</summary>
    private const string ReadyLinePrefix = "HARDHAT_NODE_READY ";

    private HardhatNode(HardhatNodeOptions options, ILogger logger, string directory)
    {
        _options = options;
        _logger = logger;
        HardhatNodeDirectory = directory;
        _killOnProcessExit = (_, _) => KillQuietly(_process);
    }

    /// <summary>The hardhat-node folder the node runs from.</summary>
    public string HardhatNodeDirectory { get; }

    /// <summary>The node process id while it runs; null after <see cref="StopAsync"/>.</summary>
    public int? ProcessId => _process?.Id;

    /// <inheritdoc />
    public override string Instance => ProcessId is { } pid ? $"pid {pid}" : "stopped";

    /// <summary>Starts a node and waits until it answers <c>eth_chainId</c>.</summary>
    /// <param name="options">Where and how to run; <c>new HardhatNodeOptions()</c> finds everything itself.</param>
    /// <param name="logger">Receives lifecycle messages and, at Debug, the node's output.</param>
    /// <param name="ct">Cancels the start (the half-started node is killed).</param>
    /// <exception cref="HardhatNodeStartException">The node exited or did not answer within <see cref="HardhatNodeOptions.StartupTimeout"/>.</exception>
    public static async Task<HardhatNode> StartAsync(HardhatNodeOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Port is { } fixedPort) ArgumentOutOfRangeException.ThrowIfNotEqual(fixedPort is > 0 and <= 65535, true, nameof(options.Port));
        if (options.Port is { } asked && !FreePort.IsFree(asked)) throw HardhatNodeStartException.PortTaken(asked);
        var node = new HardhatNode(options, logger ?? NullLogger.Instance, HardhatNodeLocator.Locate(options.HardhatNodeDirectory));
        try
        {
            await node.StartFirstAsync(options.Port, ct).ConfigureAwait(false);
        }
        catch (HardhatNodeStartException e) when (options.Port is { } taken && e.PortInUse is null && node.PortWasTaken(e))
        {
            // Taken between the check and the node's bind.
            throw HardhatNodeStartException.PortTaken(taken);
        }
        return node;
    }

    /// <inheritdoc />
    protected override bool PortWasTaken(HardhatNodeStartException failure) => _output.Contains("EADDRINUSE");

    /// <inheritdoc />
    protected override void OnPortTaken(int port) => Log.PortTaken(_logger, port);

    /// <inheritdoc />
    protected override async Task LaunchCoreAsync(int port, CancellationToken ct)
    {
        _output = new OutputTail(40);
        _readyLine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var startInfo = new ProcessStartInfo(_options.NodeExecutable)
        {
            WorkingDirectory = HardhatNodeDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true, // kept open: run-node.js exits when this pipe closes
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(Path.Combine("scripts", "run-node.js"));
        startInfo.ArgumentList.Add("--port");
        startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add("--parent-pid");
        startInfo.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (_options.LogRpcCalls) startInfo.ArgumentList.Add("--log-rpc");

        Log.Starting(_logger, port, HardhatNodeDirectory);
        var stopwatch = Stopwatch.StartNew();
        var process = new Process { StartInfo = startInfo };
        var output = _output;
        var readyLine = _readyLine;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(ReadyLinePrefix, StringComparison.Ordinal) == true) readyLine.TrySetResult();
            OnOutput(output, process, "stdout", e.Data);
        };
        process.ErrorDataReceived += (_, e) => OnOutput(output, process, "stderr", e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new HardhatNodeStartException($"Could not run '{_options.NodeExecutable}' (is Node.js 20+ on PATH?): {e.Message}", e);
        }
        _process = process;
        AppDomain.CurrentDomain.ProcessExit += _killOnProcessExit;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        ChainId = await WaitUntilReadyAsync(process, stopwatch, ct).ConfigureAwait(false);
        Log.Ready(_logger, RpcUrl, process.Id, ChainId, stopwatch.ElapsedMilliseconds);
    }

    private async Task<long> WaitUntilReadyAsync(Process process, Stopwatch stopwatch, CancellationToken ct)
    {
        var eth = new Nethereum.Web3.Web3(RpcUrl.ToString()).Eth;
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false); // drains the output readers
                var code = process.ExitCode;
                await StopCoreAsync().ConfigureAwait(false);
                throw new HardhatNodeStartException(
                    $"The Hardhat node exited with code {code} while starting on port {Port}.{Environment.NewLine}Output tail:{Environment.NewLine}{_output}");
            }
            if (stopwatch.Elapsed > _options.StartupTimeout)
            {
                await StopCoreAsync().ConfigureAwait(false);
                throw new HardhatNodeStartException(
                    $"The Hardhat node did not answer eth_chainId at {RpcUrl} within {_options.StartupTimeout.TotalSeconds:0} s.{Environment.NewLine}Output tail:{Environment.NewLine}{_output}");
            }
            // Until our process says its server listens, an answer on the port would come from someone else's node.
            if (!_readyLine.Task.IsCompleted)
            {
                await Task.Delay(100, ct).ConfigureAwait(false);
                continue;
            }
            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
                probe.CancelAfter(TimeSpan.FromSeconds(2));
                return (long)(await eth.ChainIdAsync(probe.Token).ConfigureAwait(false)).Value;
            }
            catch (Exception e) when ((RpcFailures.Is(e) || e is OperationCanceledException) && !ct.IsCancellationRequested)
            {
                // Not listening yet (Hardhat needs ~1-2 s to load); poll again shortly.
            }
            catch (OperationCanceledException)
            {
                await StopCoreAsync().ConfigureAwait(false);
                throw;
            }
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private void OnOutput(OutputTail output, Process process, string stream, string? line)
    {
        if (line is null) return;
        output.Add($"[{stream}] {line}");
        Log.Output(_logger, SafeId(process), stream, line);
    }

    /// <summary>Kills the node's process tree and waits for it to exit.</summary>
    protected override async Task StopCoreAsync()
    {
        var process = _process;
        if (process is null) return;
        _process = null;
        AppDomain.CurrentDomain.ProcessExit -= _killOnProcessExit;
        try
        {
            if (!process.HasExited)
            {
                Log.Stopping(_logger, process.Id);
                // The chain is in memory and disposable: no graceful shutdown needed, and killing the
                // tree also covers a node started through a wrapper (npx, a shell).
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        finally
        {
            process.Dispose();
        }
    }

    private static void KillQuietly(Process? process)
    {
        try
        {
            if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Best effort during process exit.
        }
    }

    private static int SafeId(Process process)
    {
        try { return process.Id; } catch (InvalidOperationException) { return -1; }
    }
}
