namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper's flags: <c>--config FILE</c> (a settings file read on top of the executable's appsettings.json), and the flags each
/// mapped onto a <c>Keeper:*</c> configuration key (flags override the settings files and the environment).
/// </summary>
internal static class KeeperCommandLine
{
    /// <summary>The flag naming an extra settings file (JSON, same layout as appsettings.json).</summary>
    public const string ConfigFlag = "--config";

    /// <summary>Flag → configuration key.</summary>
    public static IReadOnlyDictionary<string, string> Switches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--rpc-url"] = "Keeper:RpcUrl",
        ["--ws-url"] = "Keeper:WebSocketUrl",
        ["--deployment"] = "Keeper:DeploymentFile",
        ["--database"] = "Keeper:DatabasePath",
        ["--key-env"] = "Keeper:KeyEnvironmentVariable",
        ["--keystore"] = "Keeper:KeystoreFile",
        ["--password-file"] = "Keeper:PasswordFile",
        ["--chain-id"] = "Keeper:ChainId",
        ["--max-fee-gwei"] = "Keeper:MaxFeeGwei",
        ["--max-batch-size"] = "Keeper:MaxBatchSize",
        ["--max-batch-gas"] = "Keeper:MaxBatchGas",
        ["--shard"] = "Keeper:Shard",
        ["--http-port"] = "Keeper:HttpPort",
        ["--poll-interval"] = "Keeper:PollInterval",
        ["--rpc-timeout"] = "Keeper:RpcTimeout",
        ["--rpc-retries"] = "Keeper:RpcRetries",
        ["--scan-chunk-size"] = "Keeper:ScanChunkSize",
        ["--stuck-timeout"] = "Keeper:StuckTransactionTimeout",
    };

    /// <summary>
    /// Splits the arguments into the <c>--config</c> file (null when not given) and the flags that map onto settings, checking that every
    /// argument is a known flag followed by a value (<c>--flag value</c> or <c>--flag=value</c>): the configuration provider would
    /// otherwise accept a typo silently.
    /// </summary>
    /// <exception cref="KeeperStartupException">An unknown flag, a flag without a value, a stray argument, or <c>--config</c> given twice.</exception>
    public static (string? ConfigFile, string[] SettingFlags) Parse(IReadOnlyList<string> args)
    {
        string? configFile = null;
        var settingFlags = new List<string>(args.Count);
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var parts = arg.Split('=', 2);
            var name = parts[0];
            if (!name.StartsWith("--", StringComparison.Ordinal))
                throw new KeeperStartupException($"Unexpected argument '{arg}': flags look like --rpc-url http://127.0.0.1:8545.");
            if (name != ConfigFlag && !Switches.ContainsKey(name))
                throw new KeeperStartupException($"Unknown flag '{name}'. Known flags: {ConfigFlag}, {string.Join(", ", Switches.Keys)}.");
            string value;
            if (parts.Length == 2) value = parts[1];
            else if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                throw new KeeperStartupException($"The flag {name} needs a value.");
            else value = args[++i];

            if (name != ConfigFlag)
            {
                settingFlags.AddRange([name, value]);
                continue;
            }
            if (configFile is not null) throw new KeeperStartupException($"The flag {ConfigFlag} is given twice; name one settings file.");
            configFile = value;
        }
        return (configFile, [.. settingFlags]);
    }
}
