using System.CommandLine.Invocation;
using Vaults.Cli;

// Every message on stderr, from any command or library, has its node URLs redacted (credentials and API keys never shown).
var stderr = new RedactingWriter(Console.Error);
Console.SetError(stderr);
try
{
    var parsed = VaultsCommandLine.Build().Parse(args);
    // A typo deserves one line naming it, not the whole help page nor .NET type names ('--help' still shows the page).
    if (parsed.Action is ParseErrorAction)
    {
        await Console.Error.WriteLineAsync($"error: {ParseErrors.Describe(parsed)}");
        return CommandAction.Failed;
    }
    return await parsed.InvokeAsync();
}
finally
{
    // The writer holds an unfinished line until its end: whatever was written without one still reaches the terminal.
    stderr.Flush();
}
