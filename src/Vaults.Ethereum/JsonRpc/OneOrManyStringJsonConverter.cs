using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>Writes a one-element string array as a plain string and longer arrays as arrays; reads either form (filter <c>address</c>).</summary>
public sealed class OneOrManyStringJsonConverter : JsonConverter<string[]>
{
    /// <inheritdoc />
    public override string[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.String: return [reader.GetString()!];
            case JsonTokenType.StartArray:
                var list = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    list.Add(reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("Expected strings in the array."));
                return list.ToArray();
            default: throw new JsonException($"Expected a string or an array of strings, got {reader.TokenType}.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options)
    {
        if (value.Length == 1)
        {
            writer.WriteStringValue(value[0]);
            return;
        }
        writer.WriteStartArray();
        foreach (var item in value) writer.WriteStringValue(item);
        writer.WriteEndArray();
    }
}
