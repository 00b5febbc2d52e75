using System.CommandLine;
using System.CommandLine.Parsing;

namespace Vaults.Cli;

/// <summary>
/// System.CommandLine's parse errors as one line a person can act on: the command, the option and the value it expects in
/// words ("a whole number"), never a .NET type name, never the help page. The first problem wins: an unknown word first
/// (everything after it is guesswork), then a missing subcommand, a bad option value, missing options or arguments.
/// </summary>
internal static class ParseErrors
{
    public static string Describe(ParseResult result)
    {
        var commandResult = result.CommandResult;
        var command = commandResult.Command;
        var path = CommandPath(commandResult);

        if (command.TreatUnmatchedTokensAsErrors && result.UnmatchedTokens.Count > 0)
            return Unknown(result.UnmatchedTokens[0], command, path);

        foreach (var error in result.Errors)
        {
            // A required option that was never typed also reports an OptionResult, without an identifier token: that is 'missing', below.
            if (error.SymbolResult is OptionResult { IdentifierToken: not null } option)
                return BadValue(option, error);
        }

        if (command.Subcommands.Count > 0 && command.Action is null)
            return $"'{path}' needs a command: {string.Join(", ", Names(command.Subcommands))} (see '{path} --help').";

        var missing = command.Options.Where(o => o.Required && commandResult.GetResult(o) is not { IdentifierToken: not null }).Select(o => $"{o.Name} ({Lower(o.Description)})")
            .Concat(command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && commandResult.GetResult(a) is not { Tokens.Count: > 0 })
                .Select(a => $"the {a.Name} argument, {Lower(a.Description)}"))
            .ToList();
        if (missing.Count > 0)
            return $"'{path}' needs {string.Join(" and ", missing)}.";

        return $"{FirstLine(result.Errors[0].Message)} (see '{path} --help').";
    }

    private static string Unknown(string token, Command command, string path)
    {
        if (token.StartsWith('-'))
            return $"'{path}' has no option {token} (see '{path} --help').";
        if (command.Subcommands.Count > 0)
            return $"'{token}' is not a command of '{path}': use one of {string.Join(", ", Names(command.Subcommands))}.";
        return $"'{path}' does not take '{token}' (see '{path} --help').";
    }

    private static string BadValue(OptionResult option, ParseError error)
    {
        var name = option.Option.Name;
        if (option.Tokens.Count == 0)
            return $"{name} needs a value: {Lower(option.Option.Description)}.";
        // Our own validators (e.g. --side, --port) already speak in one line, naming the option; only conversion errors carry type names.
        if (error.Message.StartsWith(name + " ", StringComparison.Ordinal)) return FirstLine(error.Message);
        var expected = Expected(option.Option.ValueType);
        return expected is null
            ? FirstLine(error.Message)
            : $"{name} takes {expected}, not '{option.Tokens[0].Value}'.";
    }

    /// <summary>The value a type accepts, in words; null for text (which always converts).</summary>
    private static string? Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => null,
        var t when t == typeof(int) || t == typeof(long) => "a whole number",
        var t when t == typeof(decimal) || t == typeof(double) => "a number",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(TimeSpan) => "a duration such as 00:00:30",
        _ => "another kind of value",
    };

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Insert(0, c.Command is RootCommand ? "vaults" : c.Command.Name);
        return string.Join(' ', names);
    }

    private static IEnumerable<string> Names(IEnumerable<Command> commands) => commands.Where(c => !c.Hidden).Select(c => c.Name);

    private static string Lower(string? description) =>
        string.IsNullOrEmpty(description) ? "see --help" : char.ToLowerInvariant(description[0]) + description[1..];

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
