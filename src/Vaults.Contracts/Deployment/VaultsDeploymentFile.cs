using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Vaults.Chain;

namespace Vaults.Contracts.Deployment;

/// <summary>
/// The deployment file: a <see cref="VaultsDeployment"/> as JSON (camelCase, checksummed addresses), the hand-off between
/// <c>vaults deploy</c>/<c>vaults devnet</c>, the CLI's other commands, the keeper and the scripts.
/// </summary>
public static class VaultsDeploymentFile
{
    /// <summary>The file name used when none is given.</summary>
    public const string DefaultFileName = "vaults.deployment.json";

    /// <summary>Reads and validates a deployment file.</summary>
    /// <exception cref="DeploymentFileException">Missing, unreadable or incomplete file; the message names the file and the problem.</exception>
    public static async Task<VaultsDeployment> ReadAsync(string path, CancellationToken ct = default)
    {
        if (!File.Exists(path))
            throw new DeploymentFileException($"Deployment file '{path}' not found (run 'vaults deploy' or 'vaults devnet' first).");
        try
        {
            var json = await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
            return Parse(json, $"Deployment file '{path}'");
        }
        catch (JsonException e)
        {
            throw new DeploymentFileException($"Deployment file '{path}' is not a valid deployment: {Problem(e)} (write it again with 'vaults devnet' or 'vaults deploy').");
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new DeploymentFileException($"Deployment file '{path}' holds a malformed value: {FirstLine(e.Message)}");
        }
    }

    /// <summary>What is wrong with the file in words: System.Text.Json's messages name .NET types and its own internals.</summary>
    private static string Problem(JsonException e)
    {
        const string missing = "missing required properties including: ";
        var at = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
        if (e.Message.IndexOf(missing, StringComparison.Ordinal) is var i and >= 0)
            return $"it lacks {e.Message[(i + missing.Length)..].TrimEnd('.', ' ')}";
        if (e.Message.Contains("open JSON object or array", StringComparison.Ordinal) || e.Message.Contains("end of data", StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains("Expected depth to be zero", StringComparison.Ordinal))
            return $"the JSON ends before it is complete{at} (a truncated file?)";
        if (e.Path is { Length: > 1 } path && e.InnerException is null && e.Message.Contains("could not be converted", StringComparison.Ordinal))
            return $"the value of {path[2..]} has the wrong type{at}";
        return $"it is not well-formed JSON{at}";
    }

    /// <summary>Writes a deployment file atomically (a temporary file renamed over the target), so a crash never leaves half a file.</summary>
    public static async Task WriteAsync(string path, VaultsDeployment deployment, CancellationToken ct = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        await using (var stream = File.Create(temporary))
            await JsonSerializer.SerializeAsync(stream, deployment with { Layout = VaultsDeployment.CurrentLayout }, DeploymentJsonContext.Default.VaultsDeployment, ct).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The JSON text of a deployment (what <see cref="WriteAsync"/> writes).</summary>
    public static string ToJson(VaultsDeployment deployment) => JsonSerializer.Serialize(deployment, DeploymentJsonContext.Default.VaultsDeployment);

    /// <summary>Parses the JSON text of a deployment (either layout, see <see cref="ReadAsync"/>).</summary>
    /// <exception cref="JsonException">Not a deployment.</exception>
    /// <exception cref="DeploymentFileException">Empty, or a layout this version does not know.</exception>
    public static VaultsDeployment FromJson(string json) => Parse(json, "Deployment JSON");

    /// <summary>
    /// Layout 2 lists every market under <c>markets</c>. Layout 1 (files written before markets were listed: one <c>priceOracle</c> and one
    /// <c>marketId</c>) is read as a deployment of that one market, named <c>market-{id}</c> (<c>vaults market list</c> shows it; any command
    /// that writes the file, such as <c>vaults market add</c>, writes it back in layout 2).
    /// </summary>
    private static VaultsDeployment Parse(string json, string what)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new DeploymentFileException($"{what} is empty or not a JSON object.");
        if (node["layout"] is { } layout && layout.GetValue<int>() > VaultsDeployment.CurrentLayout)
            throw new DeploymentFileException($"{what} has layout {layout}, newer than this version reads ({VaultsDeployment.CurrentLayout}); update vaults.");
        if (node["markets"] is null && node["priceOracle"] is { } feed && node["marketId"] is { } id)
        {
            var marketId = id.GetValue<ulong>();
            node["markets"] = new JsonArray(new JsonObject
            {
                ["id"] = marketId,
                ["name"] = $"market-{marketId}",
                ["feed"] = feed.GetValue<string>(),
                ["paramsBlock"] = node["deploymentBlock"]?.GetValue<long>() ?? 0,
            });
            node["layout"] = 1;
            node.Remove("priceOracle");
            node.Remove("marketId");
        }
        var deployment = node.Deserialize(DeploymentJsonContext.Default.VaultsDeployment) ?? throw new DeploymentFileException($"{what} is empty.");
        if (deployment.Markets.Count == 0) throw new DeploymentFileException($"{what} lists no market.");
        var duplicate = deployment.Markets.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DeploymentFileException($"{what} names two markets '{duplicate.Key}'.");
        return deployment;
    }

    /// <summary>
    /// Reads a market list for <c>vaults deploy --markets</c>: a JSON array of <see cref="MarketSpec"/> (camelCase:
    /// <c>[{"name": "BTC-USD", "initialPrice": 60000, "settings": {"initialMarginBps": 2000, "maintenanceMarginBps": [500, 600, 700, 800]}}]</c>;
    /// an existing feed as <c>"priceFeed"</c>; every setting left out takes <see cref="MarketSettings"/>' default).
    /// </summary>
    /// <exception cref="DeploymentFileException">Missing, not JSON, empty, or a bad name; the message names the file.</exception>
    public static async Task<IReadOnlyList<MarketSpec>> ReadMarketsAsync(string path, CancellationToken ct = default)
    {
        if (!File.Exists(path)) throw new DeploymentFileException($"Market list '{path}' not found.");
        List<MarketSpec>? markets;
        try
        {
            var given = JsonNode.Parse(await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)) as JsonArray
                ?? throw new JsonException("the file holds no JSON array");
            // Every field left out takes its default: the source-generated reader gives init-only properties it does not find their
            // type's default (0, null), not the initialiser's, so each entry is laid over a default market first.
            var merged = new JsonArray([.. given.Select(entry => (JsonNode?)WithDefaults(entry as JsonObject ?? throw new JsonException("an entry is not a JSON object")))]);
            markets = merged.Deserialize(DeploymentJsonContext.Default.ListMarketSpec);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new DeploymentFileException($"Market list '{path}' is not a JSON array of markets: {FirstLine(e.Message)}");
        }
        if (markets is not { Count: > 0 }) throw new DeploymentFileException($"Market list '{path}' lists no market.");
        foreach (var market in markets)
            if (MarketSpec.CheckName(market.Name) is { } problem) throw new DeploymentFileException($"Market list '{path}': {problem}");
        return markets;
    }

    private static JsonObject WithDefaults(JsonObject entry)
    {
        if (entry["name"] is null) throw new JsonException("an entry has no \"name\"");
        var defaults = JsonSerializer.SerializeToNode(new List<MarketSpec> { new() }, DeploymentJsonContext.Default.ListMarketSpec)![0]!.DeepClone().AsObject();
        foreach (var (key, value) in entry)
        {
            if (key == "settings" && value is JsonObject settings && defaults["settings"] is JsonObject defaultSettings)
            {
                foreach (var (name, setting) in settings) defaultSettings[name] = setting?.DeepClone();
            }
            else defaults[key] = value?.DeepClone();
        }
        return defaults;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}

/// <summary>A deployment file that is missing, unreadable or incomplete.</summary>
public sealed class DeploymentFileException(string message) : Exception(message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(VaultsDeployment))]
[JsonSerializable(typeof(List<MarketSpec>))]
internal sealed partial class DeploymentJsonContext : JsonSerializerContext;
