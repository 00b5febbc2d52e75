using System.Diagnostics;
using Vaults.Devnet;

namespace Vaults.Integration.Tests.Devnet;

/// <summary>
/// run-node.js must not outlive its parent even when the parent dies without cleaning up (a killed
/// test host). Simulated with a short-lived <c>sleep</c> as the "parent".
/// </summary>
public sealed class RunNodeWatchdogTests
{
    [Fact]
    public async Task Node_exits_after_its_parent_pid_exits()
    {
        if (OperatingSystem.IsWindows()) return; // uses sleep(1); the watchdog itself is portable
        using var parent = Process.Start(new ProcessStartInfo("sleep", "2") { UseShellExecute = false })!;
        var hardhatDir = HardhatNodeLocator.Locate(null);
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = hardhatDir,
            UseShellExecute = false,
            RedirectStandardInput = true, // kept open, so only the parent watch can end the node
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "scripts/run-node.js", "--port", FreePort.Pick().ToString(System.Globalization.CultureInfo.InvariantCulture), "--parent-pid", parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            startInfo.ArgumentList.Add(arg);
        using var node = Process.Start(startInfo)!;
        var stderr = node.StandardError.ReadToEndAsync();
        var stdout = node.StandardOutput.ReadToEndAsync();
        try
        {
            Assert.False(node.HasExited, "the node must keep running while its parent lives");
            await parent.WaitForExitAsync();

            // The watch polls every 500 ms, but require("hardhat") blocks the event loop while it loads: seconds on a
            // loaded 2-core machine (seen: over 10 s with three test runs side by side). 60 s bounds a hang, not speed.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await node.WaitForExitAsync(timeout.Token);

            Assert.Equal(0, node.ExitCode);
            // "parent N exited" (normal) or "parent N is not running" (Hardhat loaded slower than sleep 2).
            Assert.Contains($"parent {parent.Id}", await stderr, StringComparison.Ordinal);
            _ = await stdout;
        }
        finally
        {
            if (!node.HasExited) node.Kill(entireProcessTree: true);
        }
    }
}
