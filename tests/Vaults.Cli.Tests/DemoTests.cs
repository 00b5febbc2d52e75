using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vaults.Cli.Tests;

/// <summary>The README's main command, run as a user runs it: its own devnet, the keeper, the falling price, the verdict.</summary>
public sealed partial class DemoTests
{
    [Fact]
    public async Task Demo_liquidates_exactly_the_vaults_that_crossed_their_liquidation_price_in_under_two_minutes()
    {
        var folder = Directory.CreateTempSubdirectory("vaults-demo-test-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            var result = await Cli.RunAsync(["demo"], folder, timeout: TimeSpan.FromMinutes(3));
            clock.Stop();

            Assert.True(result.ExitCode == 0, result.ToString());
            var verdict = Verdict().Match(result.Stdout);
            Assert.True(verdict.Success, result.ToString());
            var crossed = int.Parse(verdict.Groups["crossed"].Value);
            var untouched = int.Parse(verdict.Groups["untouched"].Value);
            Assert.True(crossed > 0 && untouched > 0, "the demo should cross some liquidation prices and not others");
            // Every crossed vault appears in at least one liquidation line read from the chain (partial ones may appear twice).
            var liquidatedVaults = LiquidationLine().Matches(result.Stdout).Select(m => m.Groups["vault"].Value).Distinct().Count();
            Assert.Equal(crossed, liquidatedVaults);
            Assert.DoesNotContain("MISMATCH", result.Stdout);
            // The verdict holds in each market too, and each market has vaults that crossed and vaults that did not.
            foreach (var market in new[] { "ETH-USD", "BTC-USD" })
            {
                var line = MarketVerdict().Match(result.Stdout[result.Stdout.IndexOf($"  {market}: ", StringComparison.Ordinal)..]);
                Assert.True(line.Success && line.Groups["market"].Value == market, result.ToString());
                Assert.Equal(line.Groups["crossed"].Value, line.Groups["liquidated"].Value);
                Assert.True(int.Parse(line.Groups["crossed"].Value) > 0 && int.Parse(line.Groups["crossed"].Value) < int.Parse(line.Groups["vaults"].Value), line.Value);
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"the demo took {clock.Elapsed}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_json_prints_one_document_with_the_verdict_and_the_two_equal_sets()
    {
        var folder = Directory.CreateTempSubdirectory("vaults-demo-json-test-").FullName;
        try
        {
            var result = await Cli.RunAsync(["demo", "--json"], folder, timeout: TimeSpan.FromMinutes(3));

            Assert.True(result.ExitCode == 0, result.ToString());
            var json = JsonDocument.Parse(result.Stdout).RootElement; // stdout is the document and nothing else
            Assert.True(json.GetProperty("exact").GetBoolean(), result.Stdout);
            Assert.Equal(15, json.GetProperty("vaults").GetInt32());
            Assert.Equal(["ETH-USD", "BTC-USD"], json.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("market").GetString()!).ToArray());
            Assert.All(json.GetProperty("markets").EnumerateArray(), m => Assert.True(m.GetProperty("exact").GetBoolean() && m.GetProperty("crossed").GetInt32() > 0));
            var crossed = json.GetProperty("crossed").EnumerateArray().Select(a => a.GetString()).Order().ToList();
            var liquidated = json.GetProperty("liquidated").EnumerateArray().Select(a => a.GetString()).Order().ToList();
            Assert.NotEmpty(crossed);
            Assert.Equal(crossed, liquidated);
            Assert.Equal(1620m, json.GetProperty("lowestPrice").GetAmount());
            Assert.StartsWith($"All {crossed.Count} vaults that crossed their liquidation price in ETH-USD and BTC-USD were liquidated", json.GetProperty("verdict").GetString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"All (?<crossed>\d+) vaults that crossed their liquidation price in ETH-USD and BTC-USD were liquidated, and no other \((?<untouched>\d+) untouched\)")]
    private static partial Regex Verdict();

    [GeneratedRegex(@"(?<market>[A-Z]+-USD): (?<crossed>\d+) of (?<vaults>\d+) crossed \(lowest [0-9.]+\), (?<liquidated>\d+) liquidated")]
    private static partial Regex MarketVerdict();

    [GeneratedRegex(@"liquidated (?<vault>0x[0-9a-fA-F]{40}) in block \d+")]
    private static partial Regex LiquidationLine();
}
