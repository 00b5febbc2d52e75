using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>Writes <see cref="HexBigInteger"/> as a quantity ("0x1a"); reads a quantity string or a JSON number.</summary>
public sealed class HexBigIntegerJsonConverter : JsonConverter<HexBigInteger>
{
    /// <inheritdoc />
    public override HexBigInteger Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new HexBigInteger(reader.GetString()!),
        JsonTokenType.Number => new HexBigInteger(BigInteger.Parse(
            System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
            NumberStyles.Integer, CultureInfo.InvariantCulture)),
        _ => throw new JsonException($"Expected a hex quantity, got {reader.TokenType}."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, HexBigInteger value, JsonSerializerOptions options) => writer.WriteStringValue(value.HexValue);
}
