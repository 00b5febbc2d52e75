using System.Text.Json;
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
            await using var stream = File.OpenRead(path);
            var deployment = await JsonSerializer.DeserializeAsync(stream, DeploymentJsonContext.Default.VaultsDeployment, ct).ConfigureAwait(false);
            return deployment ?? throw new DeploymentFileException($"Deployment file '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new DeploymentFileException($"Deployment file '{path}' is not a valid deployment: {Problem(e)} (write it again with 'vaults devnet' or 'vaults deploy').");
        }
        catch (FormatException e)
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
            await JsonSerializer.SerializeAsync(stream, deployment, DeploymentJsonContext.Default.VaultsDeployment, ct).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The JSON text of a deployment (what <see cref="WriteAsync"/> writes).</summary>
    public static string ToJson(VaultsDeployment deployment) => JsonSerializer.Serialize(deployment, DeploymentJsonContext.Default.VaultsDeployment);

    /// <summary>Parses the JSON text of a deployment.</summary>
    public static VaultsDeployment FromJson(string json) =>
        JsonSerializer.Deserialize(json, DeploymentJsonContext.Default.VaultsDeployment) ?? throw new DeploymentFileException("Deployment JSON is empty.");

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}

/// <summary>A deployment file that is missing, unreadable or incomplete.</summary>
public sealed class DeploymentFileException(string message) : Exception(message);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(VaultsDeployment))]
internal sealed partial class DeploymentJsonContext : JsonSerializerContext;
