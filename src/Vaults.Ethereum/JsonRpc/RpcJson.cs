using System.Text.Json;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>The serializer settings shared by the JSON-RPC clients.</summary>
public static class RpcJson
{
    /// <summary>Options backed by <see cref="RpcJsonContext"/> (read-only; copy it to add resolvers).</summary>
    public static JsonSerializerOptions Options => RpcJsonContext.Default.Options;

    /// <summary>A one-line, bounded excerpt of a body for exception messages.</summary>
    internal static string Snippet(string text, int max = 200)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= max ? line : string.Concat(line.AsSpan(0, max), "...");
    }
}
