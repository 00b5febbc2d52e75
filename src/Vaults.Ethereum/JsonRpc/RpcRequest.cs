namespace Vaults.Ethereum.JsonRpc;

/// <summary>
/// A JSON-RPC request: a method name and positional parameters. The id is assigned by the client when the request is sent.
/// </summary>
/// <remarks>
/// Parameters may be <c>null</c>, strings, booleans, .NET integers (written as JSON numbers), <see cref="System.Numerics.BigInteger"/> and
/// <see cref="Vaults.Ethereum.Hex.HexBigInteger"/> (written as quantities, "0x1a"), <see cref="Vaults.Ethereum.Util.Address"/> (lower-case hex),
/// <c>byte[]</c> ("0x" hex), <see cref="Vaults.Ethereum.RPC.Eth.DTOs.BlockParameter"/> (tag or quantity), <see cref="System.Text.Json.JsonElement"/>,
/// sequences of these, and any DTO known to <see cref="RpcJsonContext"/> (or to the client's configured serializer options).
/// </remarks>
/// <param name="Method">The JSON-RPC method, e.g. <c>eth_blockNumber</c>.</param>
/// <param name="Params">The positional parameters.</param>
public sealed record RpcRequest(string Method, params object?[] Params)
{
    /// <summary>The method name.</summary>
    public string Method { get; } = !string.IsNullOrWhiteSpace(Method) ? Method : throw new ArgumentException("A JSON-RPC method name is required.", nameof(Method));

    /// <summary>The positional parameters (never null).</summary>
    public object?[] Params { get; } = Params ?? [];

    /// <inheritdoc />
    public override string ToString() => $"{Method}({Params.Length} params)";
}
