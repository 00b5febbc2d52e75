using System.CommandLine;
using System.Text.Json.Nodes;
using Vaults.Cli.Demo;

namespace Vaults.Cli.Commands;

/// <summary><c>vaults demo</c>: the whole story on a devnet it starts and stops itself. Exit code 0 only when exactly the crossed vaults were liquidated.</summary>
internal static class DemoCommand
{
    public const string Name = "demo";

    public static Command Create(GlobalOptions options)
    {
        var port = new Option<int?>("--port") { Description = "Port of the demo's node on 127.0.0.1 (default: a free one)" };
        port.Validators.Add(r =>
        {
            // Only a value that is a number: anything else is the parser's "takes a whole number" (reading it here would throw).
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && value is < 1 or > 65535)
                r.AddError($"--port must be between 1 and 65535 (got {value}).");
        });
        var command = new Command(Name, "Run the demo: LPs fund the pool, traders open vaults, the keeper runs, the price falls, exactly the crossed vaults are liquidated") { port };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var output = options.Output(result);
            var summary = await new DemoRunner(output, result.GetValue(port)).RunAsync(ct);
            if (output.IsJson)
            {
                var json = new JsonObject
                {
                    ["vaults"] = summary.Vaults.Count,
                    ["crossed"] = new JsonArray([.. summary.Crossed.Select(a => (JsonNode)a.ToString())]),
                    ["liquidated"] = new JsonArray([.. summary.Liquidated.Select(a => (JsonNode)a.ToString())]),
                    ["lowestPrice"] = summary.LowestPrice.ToString(System.Globalization.CultureInfo.InvariantCulture), // amounts as strings, as in every --json output
                    ["markets"] = new JsonArray([.. summary.Markets.Select(m => summary.In(m) is var r ? (JsonNode)new JsonObject
                    {
                        ["market"] = m, ["vaults"] = r.Vaults, ["crossed"] = r.Crossed, ["liquidated"] = r.Liquidated, ["exact"] = r.Exact,
                        ["lowestPrice"] = summary.Prices[m].Lowest.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    } : null)]),
                    ["exact"] = summary.Exact,
                    ["verdict"] = summary.Verdict,
                    ["seconds"] = Math.Round(summary.Seconds, 1),
                };
                Console.WriteLine(json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            }
            return summary.Exact ? 0 : CommandAction.Failed;
        }));
        return command;
    }
}
