using System.Net;
using Vaults.Contracts.Deployment;
using Vaults.Devnet;
using Nethereum.Web3.Accounts;
using Vaults.Chain;
using Vaults.Integration.Tests.VaultSystem;
using Vaults.Keeper.Hosting;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>
/// The real entry point (<c>KeeperApp.RunAsync</c> with flags, as the executable runs it) against the real node: a bad setup ends with one
/// line on stderr naming the problem and a non-zero exit code, never a stack trace or the key; a good one serves /healthz and /metrics.
/// </summary>
public sealed class KeeperConfigurationTests(VaultsFixture vaults) : KeeperDaemonTest(vaults)
{
    private const int KeeperAccount = 7;
    private readonly string _keyVariable = $"VAULTS_TEST_KEY_{Guid.NewGuid():N}";
    private readonly string _directory = Directory.CreateTempSubdirectory("keeper-config-").FullName;

    private string KeyHex => Devnet.Node.Accounts[KeeperAccount].PrivateKey;

    private async Task<string> DeploymentFileAsync(VaultsDeployment? deployment = null)
    {
        var path = Path.Combine(_directory, "vaults.deployment.json");
        await VaultsDeploymentFile.WriteAsync(path, deployment ?? Deployment);
        return path;
    }

    private async Task<string[]> ArgsAsync(params string[] overrides)
    {
        var args = new Dictionary<string, string>
        {
            ["--rpc-url"] = Devnet.Node.RpcUrl.ToString(),
            ["--deployment"] = await DeploymentFileAsync(),
            ["--database"] = Path.Combine(_directory, "keeper.db"),
            ["--key-env"] = _keyVariable,
            ["--poll-interval"] = "00:00:00.100",
        };
        for (int i = 0; i < overrides.Length; i += 2) args[overrides[i]] = overrides[i + 1];
        return [.. args.SelectMany(a => new[] { a.Key, a.Value })];
    }

    /// <summary>Runs the entry point to its end (bounded), returning the exit code and stderr.</summary>
    private async Task<(int Code, string Stderr)> RunAsync(string[] args, CancellationToken ct = default)
    {
        var stderr = new StringWriter();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        int code = await KeeperApp.RunAsync(args, stderr, timeout.Token, settingsDirectory: _directory); // no appsettings.json: flags only
        return (code, stderr.ToString());
    }

    private void AssertOneLineError((int Code, string Stderr) result, int code, string expected)
    {
        Assert.Equal(code, result.Code);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("keeper: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain(KeyHex[2..], result.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A local port nothing listens on (taken and released at once).</summary>
    private static int ClosedPort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Unknown_rpc_endpoint_is_one_line_and_exit_code_1()
    {
        Environment.SetEnvironmentVariable(_keyVariable, KeyHex);
        int closedPort = ClosedPort();
        AssertOneLineError(await RunAsync(await ArgsAsync("--rpc-url", $"http://127.0.0.1:{closedPort}/", "--rpc-timeout", "00:00:03")), 1,
            $"Cannot reach the node at http://127.0.0.1:{closedPort}:");
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_named_without_its_credentials_or_api_key()
    {
        Environment.SetEnvironmentVariable(_keyVariable, KeyHex);
        int closedPort = ClosedPort();
        const string apiKey = "0123456789abcdef0123456789abcdef";
        var result = await RunAsync(await ArgsAsync("--rpc-url", $"http://alice:s3cret@127.0.0.1:{closedPort}/v3/{apiKey}", "--rpc-timeout", "00:00:03"));
        AssertOneLineError(result, 1, $"Cannot reach the node at http://127.0.0.1:{closedPort}/v3/***:");
        Assert.DoesNotContain("s3cret", result.Stderr);
        Assert.DoesNotContain("alice", result.Stderr);
        Assert.DoesNotContain(apiKey, result.Stderr);
    }

    [Fact]
    public async Task Wrong_chain_id_is_one_line_and_exit_code_1()
    {
        Environment.SetEnvironmentVariable(_keyVariable, KeyHex);
        AssertOneLineError(await RunAsync(await ArgsAsync("--chain-id", "1")), 1, "Wrong chain: the node at");
        // The deployment file's chain id is checked the same way.
        var args = await ArgsAsync();
        await DeploymentFileAsync(Deployment with { ChainId = 5 });
        AssertOneLineError(await RunAsync(args), 1, "is on chain id 31337, but the keeper expects chain id 5");
    }

    [Fact]
    public async Task Missing_deployment_file_is_one_line_and_exit_code_1()
    {
        Environment.SetEnvironmentVariable(_keyVariable, KeyHex);
        var missing = Path.Combine(_directory, "nowhere.json");
        AssertOneLineError(await RunAsync(await ArgsAsync("--deployment", missing)), 1, $"Deployment file '{missing}' not found");
    }

    [Theory]
    [InlineData("0x1234")]
    [InlineData("zz")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Bad_key_is_one_line_naming_the_variable_without_the_key(string badKey)
    {
        Environment.SetEnvironmentVariable(_keyVariable, badKey);
        var result = await RunAsync(await ArgsAsync());
        AssertOneLineError(result, 1, $"The key in the environment variable {_keyVariable} is not");
        Assert.DoesNotContain(badKey, result.Stderr);
    }

    [Fact]
    public async Task Missing_key_is_one_line_and_exit_code_1()
    {
        AssertOneLineError(await RunAsync(await ArgsAsync()), 1, $"No keeper key: set the environment variable {_keyVariable}");
    }

    /// <summary>The keeper key in a keystore encrypted with <paramref name="password"/> (light scrypt) and a password file holding <paramref name="passwordFileText"/>.</summary>
    private async Task<(string Keystore, string PasswordFile)> WriteKeystoreAsync(string password, string passwordFileText)
    {
        var keystore = Path.Combine(_directory, "keeper.keystore.json");
        // A small scrypt N keeps the test fast (the keeper reads N from the file).
        await File.WriteAllTextAsync(keystore, KeyStoreAccounts.Encrypt(new Account(KeyHex), password, scryptN: 1 << 10));
        var passwordFile = Path.Combine(_directory, "password.txt");
        await File.WriteAllTextAsync(passwordFile, passwordFileText);
        return (keystore, passwordFile);
    }

    [Fact]
    public async Task Wrong_keystore_password_is_one_line_and_exit_code_1()
    {
        var (keystore, password) = await WriteKeystoreAsync("right password", "wrong password\n");
        var result = await RunAsync(await ArgsAsync("--keystore", keystore, "--password-file", password));
        AssertOneLineError(result, 1, $"Cannot decrypt the keystore {keystore}: wrong password");
        Assert.DoesNotContain("wrong password\n", result.Stderr);
    }

    [Theory]
    [InlineData(new[] { "--rcp-url", "http://127.0.0.1:8545" }, "Unknown flag '--rcp-url'")]
    [InlineData(new[] { "--shard", "2/2" }, "Keeper:Shard (--shard): A shard is i/n with 0 <= i < n")]
    [InlineData(new[] { "--rpc-url", "ftp://example" }, "Keeper:RpcUrl (--rpc-url) must be an http(s) URL")]
    [InlineData(new[] { "--http-port", "99999" }, "Keeper:HttpPort (--http-port) must be between 0 and 65535")]
    [InlineData(new[] { "--http-port", "eighty" }, "Keeper:HttpPort")]
    [InlineData(new[] { "--deployment" }, "The flag --deployment needs a value")]
    public async Task Bad_flags_are_one_line_and_exit_code_2(string[] flags, string expected)
    {
        Environment.SetEnvironmentVariable(_keyVariable, KeyHex);
        var args = flags.Length == 1 ? [.. await ArgsAsync(), .. flags] : await ArgsAsync(flags);
        AssertOneLineError(await RunAsync(args), 2, expected);
    }

    [Fact]
    public async Task A_keystore_keeper_serves_healthz_once_synced_and_metrics_and_exits_0_when_stopped()
    {
        var (keystore, password) = await WriteKeystoreAsync("s3cret", "s3cret\n");
        int port = FreePort.Pick();
        var args = await ArgsAsync("--keystore", keystore, "--password-file", password, "--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--ws-url", Devnet.Node.WebSocketUrl.ToString());
        var vault = await OpenAsync(2, true, 1_000, 1);

        using var stop = new CancellationTokenSource();
        var run = RunAsync(args, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitUntilAsync(async () =>
        {
            try { return (await http.GetAsync("healthz")).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, "/healthz to answer 200");
        Assert.False(run.IsCompleted);
        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains("keeper_synced 1", metrics);
        Assert.Contains("keeper_vaults_indexed 1", metrics);
        Assert.Contains($"keeper_last_block {await BlockNumberAsync()}", metrics);
        Assert.Contains("keeper_liquidations_total{market=\"ETH-USD\"} 0", metrics);
        Assert.Contains("keeper_rpc_errors_total 0", metrics);
        Assert.Contains("keeper_price_to_liquidation_seconds_bucket{le=\"+Inf\"} 0", metrics);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("other")).StatusCode);
        Assert.NotEqual(default, vault);

        await stop.CancelAsync();
        var (code, stderr) = await run;
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task A_keeper_whose_database_breaks_while_running_stops_with_one_line_and_exit_code_1()
    {
        Environment.SetEnvironmentVariable(_keyVariable, KeyHex);
        int port = FreePort.Pick();
        var database = Path.Combine(_directory, "keeper.db");
        var run = RunAsync(await ArgsAsync("--http-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--database", database));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitUntilAsync(async () =>
        {
            try { return (await http.GetAsync("healthz")).StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, "/healthz to answer 200");

        // Something else breaks the file under the running keeper; the next block's scan needs the table.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE checkpoints;";
            await drop.ExecuteNonQueryAsync();
        }
        await Devnet.DevTools.MineAsync();

        AssertOneLineError(await run, 1, $"keeper: The keeper database {database} failed: SQLite Error 1: 'no such table: checkpoints'.");
    }

    protected override void Cleanup()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        Directory.Delete(_directory, recursive: true);
    }
}
