using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Vaults.Cli.Tests;

/// <summary>What one run of the CLI produced.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The error lines the CLI printed on stderr.</summary>
    public string[] ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the built <c>vaults.dll</c> with <c>dotnet</c>, as a user runs the tool.</summary>
public static class Cli
{
    /// <summary>The CLI's build output, recorded at build time (the test project builds it first).</summary>
    public static string DllPath { get; } = Metadata("VaultsCliDll");

    /// <summary>The repository root (for scripts).</summary>
    public static string RepoRoot { get; } = Metadata("VaultsRepoRoot");

    /// <summary>Starts the CLI (or the copy at <paramref name="dllPath"/>) with redirected output; the caller owns the process.</summary>
    public static Process Start(IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null, string? dllPath = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(dllPath ?? DllPath);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // The table width follows COLUMNS when output is redirected: a test sets it or runs without it, never inherits it.
        info.Environment.Remove("COLUMNS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Runs the CLI to completion (killing it after <paramref name="timeout"/>).</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, string workingDirectory, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(args, workingDirectory, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"vaults {string.Join(' ', args)} did not finish in time.\n{await stdout}\n{await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Sends SIGINT (Ctrl-C) to a process.</summary>
    public static async Task InterruptAsync(Process process)
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Reads stdout until a line contains <paramref name="marker"/>; everything read is returned.</summary>
    public static async Task<string> WaitForLineAsync(Process process, string marker, TimeSpan timeout)
    {
        var seen = new StringBuilder();
        using var cts = new CancellationTokenSource(timeout);
        while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            seen.AppendLine(line);
            if (line.Contains(marker, StringComparison.Ordinal)) return seen.ToString();
        }
        throw new InvalidOperationException($"The process ended before printing '{marker}':\n{seen}\n{await process.StandardError.ReadToEndAsync()}");
    }

    private static string Metadata(string key) =>
        typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
