using Vaults.Keeper.Hosting;

namespace Vaults.Keeper.Tests.Hosting;

public sealed class KeeperCommandLineTests : IDisposable
{
    /// <summary>An appsettings.json below the flags and the environment.</summary>
    private readonly string _settings = Directory.CreateTempSubdirectory("keeper-settings-").FullName;

    public KeeperCommandLineTests() =>
        File.WriteAllText(Path.Combine(_settings, "appsettings.json"), """{ "Keeper": { "RpcUrl": "http://from-settings:1", "MaxBatchSize": 3, "ScanChunkSize": 99 } }""");

    public void Dispose() => Directory.Delete(_settings, recursive: true);

    [Fact]
    public void Flags_override_the_environment_and_bind_to_the_options()
    {
        var variable = "VAULTS_KEEPER__MAXBATCHSIZE";
        Environment.SetEnvironmentVariable(variable, "7");
        Environment.SetEnvironmentVariable("VAULTS_KEEPER__DATABASEPATH", "from-env.db");
        try
        {
            var options = KeeperApp.ReadOptions(["--rpc-url", "http://127.0.0.1:8545", "--shard=1/3", "--database", "from-flag.db",
                "--max-fee-gwei", "2.5", "--poll-interval", "00:00:00.250", "--http-port", "9464"], _settings);
            Assert.Equal("http://127.0.0.1:8545", options.RpcUrl);
            Assert.Equal("1/3", options.Shard);
            Assert.Equal("from-flag.db", options.DatabasePath);
            Assert.Equal(7, options.MaxBatchSize);
            Assert.Equal(2.5m, options.MaxFeeGwei);
            Assert.Equal(TimeSpan.FromMilliseconds(250), options.PollInterval);
            Assert.Equal(9464, options.HttpPort);
            Assert.Equal(99, options.ScanChunkSize); // from appsettings.json, overridden by nothing
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
            Environment.SetEnvironmentVariable("VAULTS_KEEPER__DATABASEPATH", null);
        }
    }

    [Fact]
    public void A_config_file_is_read_above_the_executables_settings_and_below_the_flags()
    {
        var file = Path.Combine(_settings, "keeper.prod.json");
        File.WriteAllText(file, """{ "Keeper": { "ScanChunkSize": 77, "MaxBatchSize": 11, "Shard": "1/2" } }""");
        var options = KeeperApp.ReadOptions(["--config", file, "--shard", "0/4"], _settings);
        Assert.Equal("http://from-settings:1", options.RpcUrl); // the executable's appsettings.json
        Assert.Equal(77, options.ScanChunkSize);                // the --config file over it
        Assert.Equal(11, options.MaxBatchSize);
        Assert.Equal("0/4", options.Shard);                     // a flag over both
        Assert.Equal(77, KeeperApp.ReadOptions([$"--config={file}"], _settings).ScanChunkSize);
    }

    [Fact]
    public void A_missing_or_repeated_config_file_is_refused()
    {
        var missing = Path.Combine(_settings, "nowhere.json");
        Assert.StartsWith($"The settings file '{missing}' (--config) does not exist",
            Assert.Throws<KeeperStartupException>(() => KeeperApp.ReadOptions(["--config", missing], _settings)).Message);
        var file = Path.Combine(_settings, "appsettings.json");
        Assert.StartsWith("The flag --config is given twice",
            Assert.Throws<KeeperStartupException>(() => KeeperApp.ReadOptions(["--config", file, "--config", file], _settings)).Message);
        Assert.StartsWith("The flag --config needs a value", Assert.Throws<KeeperStartupException>(() => KeeperApp.ReadOptions(["--config"], _settings)).Message);
    }

    [Theory]
    [InlineData(new[] { "--nope", "1" }, "Unknown flag '--nope'")]
    [InlineData(new[] { "stray" }, "Unexpected argument 'stray'")]
    [InlineData(new[] { "--rpc-url" }, "The flag --rpc-url needs a value")]
    [InlineData(new[] { "--rpc-url", "--shard", "0/1" }, "The flag --rpc-url needs a value")]
    public void Unknown_or_incomplete_flags_are_refused(string[] args, string message)
    {
        var e = Assert.Throws<KeeperStartupException>(() => KeeperApp.ReadOptions(args, _settings));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void A_private_key_in_configuration_is_refused_without_echoing_it()
    {
        Environment.SetEnvironmentVariable("VAULTS_KEEPER__PRIVATEKEY", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
        try
        {
            var e = Assert.Throws<KeeperStartupException>(() => KeeperApp.ReadOptions(["--rpc-url", "http://127.0.0.1:8545"], _settings));
            Assert.Contains("Keeper:PrivateKey is not read from configuration", e.Message);
            Assert.DoesNotContain("59c6995e", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VAULTS_KEEPER__PRIVATEKEY", null);
        }
    }

    [Theory]
    [InlineData(null, "Keeper:RpcUrl (--rpc-url) is required.")]
    [InlineData("ws://127.0.0.1:8545", "Keeper:RpcUrl (--rpc-url) must be an http(s) URL")]
    public void Validation_names_the_setting_and_its_flag(string? rpcUrl, string message)
    {
        var e = Assert.Throws<KeeperStartupException>(() => KeeperApp.Validate(new KeeperOptions { RpcUrl = rpcUrl, DeploymentFile = "d.json" }));
        Assert.StartsWith(message, e.Message);
    }

    [Theory]
    [InlineData("wss://alice:s3cret@node.example/v3/0123456789abcdef0123456789abcdef?apikey=k3y", null, "'wss://node.example/v3/***?***'")]
    [InlineData("http://127.0.0.1:8545", "https://alice:s3cret@node.example/ws/0123456789abcdef0123456789abcdef", "'https://node.example/ws/***'")]
    [InlineData("not a url://alice:s3cret@0123456789abcdef0123456789abcdef", null, "'not a url://***@0123456789abcdef0123456789abcdef'")]
    public void A_refused_node_url_is_shown_without_its_credentials_or_api_key(string rpcUrl, string? webSocketUrl, string shown)
    {
        var e = Assert.Throws<KeeperStartupException>(() =>
            KeeperApp.Validate(new KeeperOptions { RpcUrl = rpcUrl, WebSocketUrl = webSocketUrl, DeploymentFile = "d.json" }));
        Assert.Contains(shown, e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
        Assert.DoesNotContain("k3y", e.Message);
    }

    [Fact]
    public void Validation_wants_a_deployment_a_password_file_with_a_keystore_and_positive_durations()
    {
        KeeperOptions Valid() => new() { RpcUrl = "http://127.0.0.1:8545", DeploymentFile = "d.json" };
        KeeperApp.Validate(Valid());
        var noDeployment = Valid();
        noDeployment.DeploymentFile = null;
        Assert.Contains("DeploymentFile", Assert.Throws<KeeperStartupException>(() => KeeperApp.Validate(noDeployment)).Message);
        var keystore = Valid();
        keystore.KeystoreFile = "k.json";
        Assert.Contains("needs Keeper:PasswordFile", Assert.Throws<KeeperStartupException>(() => KeeperApp.Validate(keystore)).Message);
        var poll = Valid();
        poll.PollInterval = TimeSpan.Zero;
        Assert.Contains("positive durations", Assert.Throws<KeeperStartupException>(() => KeeperApp.Validate(poll)).Message);
        var batch = Valid();
        batch.MaxBatchSize = 0;
        Assert.Contains("MaxBatchSize", Assert.Throws<KeeperStartupException>(() => KeeperApp.Validate(batch)).Message);
    }
}
