using Spectre.Console;

namespace Vaults.Cli;

/// <summary>
/// A wait a person sits through (the devnet starting, the keeper indexing): a Spectre.Console spinner showing the current
/// step in an interactive console; one grey line per step when output is redirected or JSON (scripts and tests read it),
/// and nothing at all in JSON mode.
/// </summary>
internal static class Waiting
{
    public static async Task<T> RunAsync<T>(Output output, string status, string indent, Func<IProgress<string>, Task<T>> work)
    {
        if (!output.IsInteractive)
            return await work(new Immediate(line => output.Line($"{indent}[grey]{Markup.Escape(line)}[/]")));
        return await output.Console.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(status), context =>
            work(new Immediate(line => context.Status(Markup.Escape(line)))));
    }

    /// <summary>
    /// Reports on the caller's thread: <see cref="Progress{T}"/> posts to the thread pool, so its lines could arrive out of
    /// order or after the step they describe has finished.
    /// </summary>
    private sealed class Immediate(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
