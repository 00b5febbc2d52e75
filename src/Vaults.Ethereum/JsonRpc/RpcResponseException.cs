using System.Text.Json;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>The node answered with a JSON-RPC error (a revert, an unknown method, a bad nonce...).</summary>
public sealed class RpcResponseException : RpcClientException
{
    /// <summary>Creates the exception from the node's error.</summary>
    public RpcResponseException(string? method, string? url, RpcError error)
        : base($"{Describe(method)} failed with error {error.Code}: {OneLine(error.Message)}{DataSuffix(error)}", method, url)
    {
        RpcError = error;
    }

    /// <summary>The error as sent by the node.</summary>
    public RpcError RpcError { get; }

    /// <summary>The error code.</summary>
    public int Code => RpcError.Code;

    /// <summary>The error's <c>data</c> member, when present (hides <see cref="Exception.Data"/>, which stays reachable through the base type).</summary>
    public new JsonElement? Data => RpcError.Data;

    /// <summary>Revert bytes from <see cref="Data"/> (see <see cref="RpcError.GetRevertData"/>).</summary>
    public byte[]? GetRevertData() => RpcError.GetRevertData();

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string DataSuffix(RpcError error) =>
        error.Data is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } data
            ? $" (data: {RpcJson.Snippet(data.GetRawText())})"
            : "";
}
