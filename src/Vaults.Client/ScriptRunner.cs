namespace Vaults.Client;

/// <summary>
/// The frame of every script in <c>scripts/</c>: <c>--help</c> prints the script's usage, then the shared flags are parsed, the
/// body runs, and a <see cref="VaultsClientException"/> becomes one line on stderr and exit code 1, as in the CLI.
/// </summary>
public static class ScriptRunner
{
    /// <summary>The flags every script takes (see <see cref="ScriptArguments"/>).</summary>
    public const string SharedFlags =
        """
        Shared flags:
          --rpc-url URL          JSON-RPC endpoint (default: $VAULTS_RPC_URL, else http://127.0.0.1:8545)
          --deployment FILE      deployment file (default: $VAULTS_DEPLOYMENT, else ./vaults.deployment.json)
          --key-env VAR          name of an environment variable holding the signer's key
          --keystore FILE --password-file FILE   an encrypted keystore (Web3 Secret Storage v3)
          --dev-account N        Hardhat dev account N (devnet only)
          --help                 this text
        """;

    /// <summary>Runs <paramref name="body"/> with the parsed flags; returns the process exit code.</summary>
    /// <param name="args">The script's arguments.</param>
    /// <param name="body">The script.</param>
    /// <param name="usage">What --help prints above the shared flags; null: the comment lines at the top of the script's file.</param>
    public static async Task<int> RunAsync(string[] args, Func<ScriptArguments, Task> body, string? usage = null)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            var text = usage ?? HeaderComment() ?? "A Vaults script.";
            await Console.Out.WriteLineAsync($"{text.TrimEnd()}{Environment.NewLine}{Environment.NewLine}{SharedFlags}").ConfigureAwait(false);
            return 0;
        }
        try
        {
            await body(new ScriptArguments(args)).ConfigureAwait(false);
            return 0;
        }
        catch (VaultsClientException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// The <c>//</c> lines at the top of the running file-based app (.NET 10 records its path as <c>EntryPointFilePath</c>),
    /// where each script says what it does and which flags it takes; null when not run as a file-based app.
    /// </summary>
    private static string? HeaderComment()
    {
        if (AppContext.GetData("EntryPointFilePath") is not string path || !File.Exists(path)) return null;
        var lines = File.ReadLines(path).SkipWhile(l => l.StartsWith("#!", StringComparison.Ordinal))
            .TakeWhile(l => l.StartsWith("//", StringComparison.Ordinal))
            .Select(l => l.Length > 2 && l[2] == ' ' ? l[3..] : l[2..]).ToList();
        return lines.Count == 0 ? null : string.Join(Environment.NewLine, lines);
    }
}
