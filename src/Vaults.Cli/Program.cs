using System.CommandLine.Invocation;
using Vaults.Cli;

var parsed = VaultsCommandLine.Build().Parse(args);
// A typo deserves one line naming it, not the whole help page ('--help' still shows it).
if (parsed.Action is ParseErrorAction parseError) parseError.ShowHelp = false;
return await parsed.InvokeAsync();
