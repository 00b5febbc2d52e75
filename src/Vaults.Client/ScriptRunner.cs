namespace Vaults.Client;

/// <summary>
/// The frame of every script in <c>scripts/</c>: parse the shared flags, run the body, and turn a
/// <see cref="VaultsClientException"/> into one line on stderr and exit code 1, as the CLI does.
/// </summary>
public static class ScriptRunner
{
    /// <summary>Runs <paramref name="body"/> with the parsed flags; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, Func<ScriptArguments, Task> body)
    {
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
}
