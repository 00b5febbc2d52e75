using System.Buffers;
using System.Collections;
using System.Numerics;
using System.Text.Json;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>Writing JSON-RPC requests and reading responses; shared by the HTTP and WebSocket clients.</summary>
internal static class RpcMessages
{
    public static byte[] SerializeRequest(long id, RpcRequest request, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer)) WriteRequest(writer, id, request, options);
        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] SerializeBatch(IReadOnlyList<(long Id, RpcRequest Request)> requests, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256 * requests.Count);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (id, request) in requests) WriteRequest(writer, id, request, options);
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRequest(Utf8JsonWriter writer, long id, RpcRequest request, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteNumber("id", id);
        writer.WriteString("method", request.Method);
        writer.WriteStartArray("params");
        for (int i = 0; i < request.Params.Length; i++)
        {
            try
            {
                WriteValue(writer, request.Params[i], options, depth: 0);
            }
            catch (NotSupportedException e)
            {
                throw new ArgumentException(
                    $"Cannot serialise parameter {i} of {request.Method} (type {request.Params[i]?.GetType().Name}): add the type to a JsonSerializerContext in the client's JsonSerializerOptions.", e);
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes one parameter value (see <see cref="RpcRequest"/> for the supported types).</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options, int depth)
    {
        if (depth > 32) throw new ArgumentException("JSON-RPC parameters are nested too deeply.");
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case HexBigInteger q: writer.WriteStringValue(q.HexValue); break;
            case BigInteger n: writer.WriteStringValue(HexBigInteger.ToQuantity(n)); break;
            case Address a: writer.WriteStringValue(a.ToLowerHex()); break;
            case byte[] bytes: writer.WriteStringValue(HexConvert.ToHex(bytes)); break;
            case ReadOnlyMemory<byte> memory: writer.WriteStringValue(HexConvert.ToHex(memory.Span)); break;
            case BlockParameter block: writer.WriteStringValue(block.GetRPCParam()); break;
            case JsonElement element: element.WriteTo(writer); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case uint ui: writer.WriteNumberValue(ui); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case short sh: writer.WriteNumberValue(sh); break;
            case ushort us: writer.WriteNumberValue(us); break;
            case byte by: writer.WriteNumberValue(by); break;
            case double d: writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case IDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item, options, depth + 1);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable sequence when value.GetType().IsArray || value is IList:
                writer.WriteStartArray();
                foreach (var item in sequence) WriteValue(writer, item, options, depth + 1);
                writer.WriteEndArray();
                break;
            default:
                JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
                break;
        }
    }

    /// <summary>True when the element has the shape of a JSON-RPC response (used to accept error bodies sent with HTTP 4xx/5xx).</summary>
    public static bool LooksLikeResponse(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && (element.TryGetProperty("result", out _) || element.TryGetProperty("error", out _))
        || element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0 && element.EnumerateArray().All(LooksLikeResponse);

    /// <summary>Reads one response object; returns null and a problem description when it is not JSON-RPC.</summary>
    public static RpcResponse? TryParseResponse(JsonElement element, out string problem)
    {
        problem = "";
        if (element.ValueKind != JsonValueKind.Object)
        {
            problem = $"expected a JSON-RPC response object, got {element.ValueKind}: {RpcJson.Snippet(element.GetRawText())}";
            return null;
        }
        long? id = null;
        if (element.TryGetProperty("id", out var idElement))
        {
            if (idElement.ValueKind == JsonValueKind.Number && idElement.TryGetInt64(out var n)) id = n;
            else if (idElement.ValueKind == JsonValueKind.String && long.TryParse(idElement.GetString(), out var parsed)) id = parsed;
        }
        RpcError? error = null;
        if (element.TryGetProperty("error", out var errorElement) && errorElement.ValueKind != JsonValueKind.Null)
        {
            if (errorElement.ValueKind != JsonValueKind.Object)
            {
                problem = $"the error member is not an object: {RpcJson.Snippet(errorElement.GetRawText())}";
                return null;
            }
            int code = errorElement.TryGetProperty("code", out var codeElement) && codeElement.ValueKind == JsonValueKind.Number && codeElement.TryGetInt32(out var c) ? c : 0;
            string message = errorElement.TryGetProperty("message", out var messageElement) && messageElement.ValueKind == JsonValueKind.String
                ? messageElement.GetString()!
                : "(no message)";
            JsonElement? data = errorElement.TryGetProperty("data", out var dataElement) ? dataElement.Clone() : null;
            error = new RpcError(code, message, data);
        }
        JsonElement? result = element.TryGetProperty("result", out var resultElement) ? resultElement.Clone() : null;
        if (error is null && result is null)
        {
            problem = $"not a JSON-RPC 2.0 response (no result or error member): {RpcJson.Snippet(element.GetRawText())}";
            return null;
        }
        return new RpcResponse(id, result, error);
    }
}
