using System.Diagnostics;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>The keeper executable as an operator runs it: a bad setup prints one line, on stderr only, and exits non-zero.</summary>
public sealed class KeeperProcessTests
{
    private static async Task<(int Code, string Stdout, string Stderr)> RunKeeperAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vaults-keeper.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["VAULTS_KEEPER_PRIVATE_KEY"] = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData(2, "Unknown flag '--rcp-url'", "--rcp-url", "http://127.0.0.1:8545")]
    [InlineData(1, "Deployment file '/nonexistent/vaults.deployment.json' not found", "--deployment", "/nonexistent/vaults.deployment.json")]
    public async Task A_bad_setup_prints_one_line_on_stderr_and_exits_non_zero(int code, string message, params string[] args)
    {
        var (exit, stdout, stderr) = await RunKeeperAsync(args);
        Assert.Equal(code, exit);
        Assert.Equal($"keeper: {message}", stderr.Trim().Split('\n').Single()[..(message.Length + 8)]);
        Assert.DoesNotContain("   at ", stdout + stderr);
        Assert.DoesNotContain("Exception", stdout + stderr);
        Assert.DoesNotContain("59c6995e", stdout + stderr);
    }
}
