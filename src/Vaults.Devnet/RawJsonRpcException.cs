namespace Vaults.Devnet;

/// <summary>A JSON-RPC error response seen by <see cref="RawJsonRpc"/>.</summary>
internal sealed class RawJsonRpcException(string method, int code, string rpcMessage)
    : Exception($"{method} failed with JSON-RPC error {code}: {rpcMessage}")
{
    public int Code { get; } = code;
}
