using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vaults.Devnet;

/// <summary>
/// Minimal JSON-RPC 2.0 over HTTP for readiness probes and test plumbing (evm_snapshot, hardhat_setBalance).
/// Deliberately tiny: the real client lives in Vaults.Ethereum; this one only needs to exist before it does.
/// </summary>
internal sealed class RawJsonRpc(HttpClient http, Uri url)
{
    private int _nextId;

    /// <summary>Calls <paramref name="method"/> and returns the <c>result</c> member; throws <see cref="RawJsonRpcException"/> on an RPC error.</summary>
    public async Task<JsonElement> CallAsync(string method, object?[]? parameters = null, CancellationToken ct = default)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _nextId),
            ["method"] = method,
            ["params"] = JsonSerializer.SerializeToNode(parameters ?? []),
        };
        using var response = await http.PostAsJsonAsync(url, request, ct).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false), cancellationToken: ct).ConfigureAwait(false);
        if (doc.RootElement.TryGetProperty("error", out var error))
        {
            throw new RawJsonRpcException(method, error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString() ?? "");
        }
        return doc.RootElement.GetProperty("result").Clone();
    }

    /// <summary>Calls a method whose result is a hex quantity (e.g. <c>eth_chainId</c>).</summary>
    public async Task<long> CallQuantityAsync(string method, object?[]? parameters = null, CancellationToken ct = default)
    {
        var result = await CallAsync(method, parameters, ct).ConfigureAwait(false);
        return ParseQuantity(result.GetString());
    }

    /// <summary>Parses a JSON-RPC hex quantity such as <c>"0x7a69"</c>.</summary>
    public static long ParseQuantity(string? hex)
    {
        if (hex is null || !hex.StartsWith("0x", StringComparison.Ordinal))
            throw new FormatException($"Not a hex quantity: '{hex}'.");
        return Convert.ToInt64(hex[2..], 16);
    }
}
