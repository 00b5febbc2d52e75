using System.Diagnostics;
using System.Net;
using Vaults.Contracts.Deployment;
using Vaults.Devnet;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>
/// The keeper executable as an operator runs it: a bad setup prints one line, on stderr only, and exits non-zero;
/// a running keeper stops cleanly (exit 0) on SIGTERM.
/// </summary>
public sealed class KeeperProcessTests(VaultsFixture vaults) : VaultsTest(vaults)
{
    private static ProcessStartInfo KeeperProcess(params string[] args) => KeeperProcessIn(Path.GetTempPath(), args);

    private static ProcessStartInfo KeeperProcessIn(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "vaults-keeper.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["VAULTS_KEEPER_PRIVATE_KEY"] = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
        return start;
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunKeeperAsync(params string[] args) => RunKeeperAsync(KeeperProcess(args));

    private static async Task<(int Code, string Stdout, string Stderr)> RunKeeperAsync(ProcessStartInfo start)
    {
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

    [Fact]
    public async Task An_appsettings_json_in_the_working_directory_is_not_read()
    {
        var directory = Directory.CreateTempSubdirectory("keeper-cwd-").FullName;
        try
        {
            // Read, this stray file would refuse the shard (exit 2); not read, the keeper gets as far as the missing deployment (exit 1).
            await File.WriteAllTextAsync(Path.Combine(directory, "appsettings.json"), """{ "Keeper": { "Shard": "5/2" } }""");
            var (exit, _, stderr) = await RunKeeperAsync(KeeperProcessIn(directory, "--deployment", "/nonexistent/vaults.deployment.json"));
            Assert.Equal(1, exit);
            Assert.StartsWith("keeper: Deployment file '/nonexistent/vaults.deployment.json' not found", stderr);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_running_keeper_stops_cleanly_on_SIGTERM()
    {
        var directory = Directory.CreateTempSubdirectory("keeper-process-").FullName;
        try
        {
            var deployment = Path.Combine(directory, "vaults.deployment.json");
            await VaultsDeploymentFile.WriteAsync(deployment, Deployment);
            int port = FreePort.Pick();
            using var process = Process.Start(KeeperProcess("--rpc-url", Devnet.Node.RpcUrl.ToString(), "--ws-url", Devnet.Node.WebSocketUrl.ToString(),
                "--deployment", deployment, "--database", Path.Combine(directory, "keeper.db"), "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            try
            {
                using var http = new HttpClient();
                await Eventually.WaitUntilAsync(async () =>
                {
                    if (process.HasExited) Assert.Fail($"The keeper exited with {process.ExitCode}: {await stderr} {await stdout}");
                    try { return (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode == HttpStatusCode.OK; }
                    catch (HttpRequestException) { return false; }
                }, "the keeper process to be ready", seconds: 60);

                using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await process.WaitForExitAsync(timeout.Token);
                Assert.Equal(0, process.ExitCode);
                Assert.Equal("", await stderr);
                Assert.Contains("Keeper stopped at block", await stdout);
                Assert.DoesNotContain("59c6995e", await stdout);
            }
            finally
            {
                if (!process.HasExited) process.Kill();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
