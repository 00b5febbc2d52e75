using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Nethereum.JsonRpc.Client;
using Vaults.Chain;
using Vaults.Keeper.Index;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper daemon's entry points: <see cref="RunAsync(string[], CancellationToken)"/> for a process (flags, appsettings.json,
/// environment, SIGTERM), <see cref="Build"/> for in-process use (the CLI demo, tests).
/// </summary>
public static class KeeperApp
{
    /// <summary>Prefix of the environment variables mapped onto the <c>Keeper</c> section (e.g. <c>VAULTS_KEEPER__RPCURL</c>).</summary>
    public const string EnvironmentPrefix = "VAULTS_";

    /// <summary>
    /// Runs the keeper until SIGTERM, Ctrl-C or <paramref name="ct"/>. Configuration: appsettings.json beside the executable (section
    /// <c>Keeper</c>), then the file given with <c>--config</c>, then <c>VAULTS_KEEPER__*</c> environment variables, then flags.
    /// </summary>
    /// <returns>0 after a clean shutdown; 2 for bad configuration; 1 when the keeper could not start or stopped on an error.
    /// Errors are one line on stderr, without a stack trace.</returns>
    public static Task<int> RunAsync(string[] args, CancellationToken ct = default) => RunAsync(args, Console.Error, ct, AppContext.BaseDirectory);

    /// <summary>In-process use: a host not yet started, for the given options; the caller runs StartAsync and StopAsync.</summary>
    /// <exception cref="KeeperStartupException">The options are invalid (the node, the deployment and the key are checked at StartAsync).</exception>
    public static IHost Build(KeeperOptions options, Action<ILoggingBuilder>? configureLogging = null) =>
        BuildHost(options, configureLogging, consoleLifetime: false);

    /// <param name="settingsDirectory">Where the executable's appsettings.json is (tests pass their own folder).</param>
    internal static async Task<int> RunAsync(string[] args, TextWriter stderr, CancellationToken ct, string settingsDirectory)
    {
        KeeperOptions options;
        try
        {
            options = ReadOptions(args, settingsDirectory);
        }
        catch (Exception e) when (e is KeeperStartupException or InvalidOperationException or FormatException or InvalidDataException)
        {
            await stderr.WriteLineAsync($"keeper: {OneLine(e.Message)}").ConfigureAwait(false);
            return 2;
        }

        IHost host;
        try
        {
            host = BuildHost(options, logging => logging
                .AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss.fff "; })
                // The host logs a failed start with the exception's stack trace; RunAsync reports it as one line instead.
                .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None), consoleLifetime: true);
        }
        catch (KeeperStartupException e)
        {
            await stderr.WriteLineAsync($"keeper: {OneLine(e.Message)}").ConfigureAwait(false);
            return 2;
        }

        using (host)
        {
            try
            {
                await host.StartAsync(ct).ConfigureAwait(false);
            }
            catch (KeeperStartupException e)
            {
                await stderr.WriteLineAsync($"keeper: {OneLine(e.Message)}").ConfigureAwait(false);
                return 1;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 0;
            }
            await host.WaitForShutdownAsync(ct).ConfigureAwait(false);
            var fatal = host.Services.GetRequiredService<KeeperStatus>().FatalError;
            if (fatal is null) return 0;
            await stderr.WriteLineAsync($"keeper: {OneLine(fatal)}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// The executable's appsettings.json, then the <c>--config</c> file, then the environment, then the flags, bound to <see cref="KeeperOptions"/>.
    /// Nothing is read from the working directory: a stray appsettings.json there (another service's, a test's) must not configure the keeper.
    /// </summary>
    internal static KeeperOptions ReadOptions(string[] args, string settingsDirectory)
    {
        var (configFile, settingFlags) = KeeperCommandLine.Parse(args);
        var builder = new ConfigurationBuilder().AddJsonFile(Path.Combine(settingsDirectory, "appsettings.json"), optional: true);
        if (configFile is not null)
        {
            var path = Path.GetFullPath(configFile);
            if (!File.Exists(path)) throw new KeeperStartupException($"The settings file '{configFile}' ({KeeperCommandLine.ConfigFlag}) does not exist.");
            builder.AddJsonFile(path, optional: false);
        }
        var configuration = builder
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(settingFlags, KeeperCommandLine.Switches.ToDictionary())
            .Build();
        var section = configuration.GetSection(KeeperOptions.Section);
        if (section[nameof(KeeperOptions.PrivateKey)] is not null)
            throw new KeeperStartupException(
                $"Keeper:PrivateKey is not read from configuration; put the key in the {KeeperOptions.DefaultKeyEnvironmentVariable} environment variable or in a keystore (--keystore, --password-file).");
        if (section[nameof(KeeperOptions.Deployment)] is not null)
            throw new KeeperStartupException("Keeper:Deployment is for in-process use; give a deployment file with Keeper:DeploymentFile (--deployment).");
        var options = new KeeperOptions();
        section.Bind(options, b => b.ErrorOnUnknownConfiguration = true);
        return options;
    }

    private static IHost BuildHost(KeeperOptions options, Action<ILoggingBuilder>? configureLogging, bool consoleLifetime)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        configureLogging?.Invoke(builder.Logging);
        if (consoleLifetime) builder.Services.AddSingleton<IHostLifetime, ConsoleLifetime>();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddKeeper(options);
        return builder.Build();
    }

    /// <summary>The attribute rules, then the rules across properties; the first failure as a <see cref="KeeperStartupException"/>.</summary>
    internal static void Validate(KeeperOptions options)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            throw new KeeperStartupException(results[0].ErrorMessage ?? "Invalid keeper options.");
        if (!Uri.TryCreate(options.RpcUrl, UriKind.Absolute, out var rpc) || rpc.Scheme is not ("http" or "https"))
            throw new KeeperStartupException($"Keeper:RpcUrl (--rpc-url) must be an http(s) URL, not '{RpcUrl.Redact(options.RpcUrl!)}'.");
        if (options.WebSocketUrl is { Length: > 0 } ws && (!Uri.TryCreate(ws, UriKind.Absolute, out var wsUri) || wsUri.Scheme is not ("ws" or "wss")))
            throw new KeeperStartupException($"Keeper:WebSocketUrl (--ws-url) must be a ws(s) URL, not '{RpcUrl.Redact(ws)}'.");
        if (options.Deployment is null && string.IsNullOrWhiteSpace(options.DeploymentFile))
            throw new KeeperStartupException("Keeper:DeploymentFile (--deployment) is required: the deployment JSON of the Vaults system to watch.");
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
            throw new KeeperStartupException("Keeper:DatabasePath (--database) must name a file.");
        if (options.KeystoreFile is not null && options.PasswordFile is null)
            throw new KeeperStartupException("Keeper:KeystoreFile (--keystore) needs Keeper:PasswordFile (--password-file).");
        if (options.PollInterval <= TimeSpan.Zero || options.RpcTimeout <= TimeSpan.Zero || options.StuckTransactionTimeout <= TimeSpan.Zero)
            throw new KeeperStartupException("Keeper:PollInterval, RpcTimeout and StuckTransactionTimeout must be positive durations (e.g. 00:00:01).");
        try
        {
            KeeperShard.Parse(options.Shard);
        }
        catch (FormatException e)
        {
            throw new KeeperStartupException($"Keeper:Shard (--shard): {e.Message}");
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
