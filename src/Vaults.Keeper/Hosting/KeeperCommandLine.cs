namespace Vaults.Keeper.Hosting;

/// <summary>The keeper's flags, each mapped onto a <c>Keeper:*</c> configuration key (flags override appsettings.json and the environment).</summary>
internal static class KeeperCommandLine
{
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
        ["--shard"] = "Keeper:Shard",
        ["--http-port"] = "Keeper:HttpPort",
        ["--poll-interval"] = "Keeper:PollInterval",
        ["--rpc-timeout"] = "Keeper:RpcTimeout",
        ["--rpc-retries"] = "Keeper:RpcRetries",
        ["--scan-chunk-size"] = "Keeper:ScanChunkSize",
        ["--stuck-timeout"] = "Keeper:StuckTransactionTimeout",
    };

    /// <summary>
    /// Checks that every argument is a known flag followed by a value (<c>--flag value</c> or <c>--flag=value</c>);
    /// the configuration provider would otherwise accept a typo silently.
    /// </summary>
    /// <exception cref="KeeperStartupException">An unknown flag, a flag without a value, or a stray argument.</exception>
    public static void Check(IReadOnlyList<string> args)
    {
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            if (!name.StartsWith("--", StringComparison.Ordinal))
                throw new KeeperStartupException($"Unexpected argument '{arg}': flags look like --rpc-url http://127.0.0.1:8545.");
            if (!Switches.ContainsKey(name))
                throw new KeeperStartupException($"Unknown flag '{name}'. Known flags: {string.Join(", ", Switches.Keys)}.");
            if (arg.Contains('=')) continue;
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                throw new KeeperStartupException($"The flag {name} needs a value.");
            i++;
        }
    }
}
