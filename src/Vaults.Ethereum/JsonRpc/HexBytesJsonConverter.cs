using System.Text.Json;
using System.Text.Json.Serialization;
using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>Writes <c>byte[]</c> as "0x" hex (instead of System.Text.Json's base64) and reads it back.</summary>
public sealed class HexBytesJsonConverter : JsonConverter<byte[]>
{
    /// <inheritdoc />
    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => HexConvert.ToBytes(reader.GetString()!),
        _ => throw new JsonException($"Expected a hex string, got {reader.TokenType}."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteStringValue(HexConvert.ToHex(value));
}
