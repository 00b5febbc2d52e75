using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;
using Vaults.Client;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli;

/// <summary>
/// Where a command's result goes: Spectre.Console tables for a person, or one JSON document on stdout with
/// <c>--json</c> (amounts as exact decimal strings, enums as strings) for scripts.
/// </summary>
internal sealed class Output(bool json)
{
    public bool IsJson { get; } = json;

    /// <summary>Columns a table with two full addresses needs; narrower consoles get shortened addresses (0x1234…abcd).</summary>
    public const int WideTableColumns = 220;

    /// <summary>
    /// A console that keeps full-width tables when stdout is redirected (addresses must not be cut), unless COLUMNS
    /// asks for a width (as for a pager).
    /// </summary>
    public IAnsiConsole Console { get; } = CreateConsole();

    /// <summary>A person is watching: not JSON, stdout is a terminal (spinners and other live output only then).</summary>
    public bool IsInteractive => !IsJson && !System.Console.IsOutputRedirected;

    /// <summary>True when a table should shorten addresses to fit (JSON always has them in full).</summary>
    public bool IsNarrow => Console.Profile.Width < WideTableColumns;

    public void Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        System.Console.Out.WriteLine(JsonSerializer.Serialize(value, type));

    public void Deployment(VaultsDeployment deployment) => System.Console.Out.WriteLine(VaultsDeploymentFile.ToJson(deployment));

    /// <summary>A line for people (nothing in JSON mode, so stdout stays one document).</summary>
    public void Line(string markup)
    {
        if (!IsJson) Console.MarkupLine(markup);
    }

    /// <summary>
    /// What every write prints: for a person, <paramref name="what"/> and the transaction (hash, block, gas used); with --json one
    /// document of the same shape for every write command: <c>{"command", "transaction": {"hash", "block", "gasUsed"}, "result"}</c>,
    /// <c>result</c> being the state the write left (the vault, the pool, the price...). The caller prints that state's table after.
    /// </summary>
    public void Write<T>(string command, TransactionResult tx, T state, JsonTypeInfo<T> type, string what)
    {
        if (IsJson)
        {
            var document = new JsonObject
            {
                ["command"] = command,
                ["transaction"] = new JsonObject
                {
                    ["hash"] = tx.TransactionHash,
                    ["block"] = tx.BlockNumber,
                    ["gasUsed"] = tx.GasUsed.ToString(CultureInfo.InvariantCulture),
                },
                ["result"] = JsonSerializer.SerializeToNode(state, type),
            };
            System.Console.Out.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        Console.MarkupLine($"[green]{Markup.Escape(what)}[/]");
        Console.MarkupLine($"  tx {tx.TransactionHash}, block {tx.BlockNumber}, gas used {tx.GasUsed.ToString("N0", CultureInfo.InvariantCulture)}");
    }

    private static IAnsiConsole CreateConsole()
    {
        // Redirected output (a pipe, a file, a test) gets plain text: no escape codes for scripts to strip.
        var redirected = System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected)
            console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0 ? columns : 240;
        return console;
    }
}

/// <summary>Source-generated JSON for everything the CLI prints with --json.</summary>
// Amounts as strings: jq, Python's json and JSON.parse read a JSON number as a double (1834.651989450751), never the exact decimal.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = true,
    Converters = [typeof(DecimalStringConverter)])]
[JsonSerializable(typeof(VaultView))]
[JsonSerializable(typeof(IReadOnlyList<VaultView>))]
[JsonSerializable(typeof(PoolView))]
[JsonSerializable(typeof(PriceView))]
[JsonSerializable(typeof(IReadOnlyList<PriceView>))]
[JsonSerializable(typeof(MarketView))]
[JsonSerializable(typeof(IReadOnlyList<MarketView>))]
[JsonSerializable(typeof(TransactionResult))]
[JsonSerializable(typeof(LiquidationResult))]
[JsonSerializable(typeof(VaultClosure))]
[JsonSerializable(typeof(VaultHistory))]
[JsonSerializable(typeof(BalanceView))]
[JsonSerializable(typeof(Vaults.Cli.Watch.WatchSnapshot))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
