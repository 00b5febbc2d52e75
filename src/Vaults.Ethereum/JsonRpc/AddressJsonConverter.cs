using System.Text.Json;
using System.Text.Json.Serialization;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>Writes <see cref="Address"/> as lower-case hex (accepted by every node); reads any valid form.</summary>
public sealed class AddressJsonConverter : JsonConverter<Address>
{
    /// <inheritdoc />
    public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Address.Parse(reader.GetString()!) : throw new JsonException($"Expected an address string, got {reader.TokenType}.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToLowerHex());
}
