using System.Text.Json;
using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>The <c>error</c> member of a JSON-RPC response.</summary>
/// <param name="Code">The error code (-32000 for most execution errors, 3 for geth-style reverts, -32601 for an unknown method...).</param>
/// <param name="Message">The node's message.</param>
/// <param name="Data">The optional <c>data</c> member, as sent.</param>
public sealed record RpcError(int Code, string Message, JsonElement? Data = null)
{
    /// <summary>
    /// Extracts revert bytes from <see cref="Data"/>, tolerating the shapes nodes use: a hex string (geth, Hardhat),
    /// an object with a <c>data</c> field (Hardhat sometimes nests <c>{"message":..,"data":"0x.."}</c>; nesting is followed),
    /// <c>null</c> or absent (returns null) and <c>"0x"</c> (Anvil's empty revert: returns an empty array).
    /// Returns null when no hex revert data can be found.
    /// </summary>
    public byte[]? GetRevertData() => Data is { } data ? Extract(data, depth: 0) : null;

    private static byte[]? Extract(JsonElement element, int depth)
    {
        if (depth > 4) return null;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && HexConvert.IsHex(text) && (text.Length % 2 == 0)
                    ? HexConvert.ToBytes(text)
                    : null;
            case JsonValueKind.Object:
                foreach (var name in (ReadOnlySpan<string>)["data", "result", "originalError"])
                {
                    if (element.TryGetProperty(name, out var inner) && Extract(inner, depth + 1) is { } bytes) return bytes;
                }
                return null;
            default:
                return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Message}";
}
