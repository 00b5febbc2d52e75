using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>One JSON-RPC response: either a <see cref="Result"/> or an <see cref="Error"/>.</summary>
/// <param name="Id">The id echoed by the node (null when the node could not parse the request).</param>
/// <param name="Result">The <c>result</c> member (a detached copy; JSON <c>null</c> is kept as a Null element), or null when absent.</param>
/// <param name="Error">The <c>error</c> member, or null.</param>
public sealed record RpcResponse(long? Id, JsonElement? Result, RpcError? Error)
{
    /// <summary>The method of the request this answers (set by the client after correlation; used in exception messages).</summary>
    public string? Method { get; init; }

    /// <summary>The redacted node URL (set by the client; used in exception messages).</summary>
    public string? Url { get; init; }

    /// <summary>True when the node returned an error.</summary>
    public bool HasError => Error is not null;

    /// <summary>
    /// Deserialises the result. JSON <c>null</c> gives <c>default</c> for reference and nullable types.
    /// Uses <see cref="RpcJson.Options"/> unless <paramref name="options"/> is given.
    /// </summary>
    /// <exception cref="RpcResponseException">The response carries an error.</exception>
    /// <exception cref="RpcInvalidResponseException">The result is missing or does not fit <typeparamref name="T"/>.</exception>
    public T GetResult<T>(JsonSerializerOptions? options = null)
    {
        if (Error is not null) throw new RpcResponseException(Method, Url, Error);
        if (Result is not { } result)
            throw new RpcInvalidResponseException(Method, Url, "the response has neither a result nor an error");
        var typeInfo = (JsonTypeInfo<T>)(options ?? RpcJson.Options).GetTypeInfo(typeof(T));
        if (result.ValueKind == JsonValueKind.Null)
        {
            if (default(T) is null) return default!;
            throw new RpcInvalidResponseException(Method, Url, $"the result is null where {typeof(T).Name} was expected");
        }
        try
        {
            return result.Deserialize(typeInfo)!;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new RpcInvalidResponseException(Method, Url,
                $"the result cannot be read as {typeof(T).Name}: {e.Message} (result: {RpcJson.Snippet(result.GetRawText())})", e);
        }
    }
}
