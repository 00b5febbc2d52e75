using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaults.Chain;

/// <summary>Writes an <see cref="Address"/> as its EIP-55 string and parses it back (checksum checked).</summary>
public sealed class AddressJsonConverter : JsonConverter<Address>
{
    /// <inheritdoc />
    public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? Address.Parse(reader.GetString()!)
            : throw new JsonException("An address must be a JSON string.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
