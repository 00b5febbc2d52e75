using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>
/// Writes filter topics: each position is <c>null</c> (wildcard), a string (one topic) or an array (OR of topics).
/// Reads the same three forms.
/// </summary>
public sealed class TopicFilterJsonConverter : JsonConverter<string[]?[]>
{
    private static readonly OneOrManyStringJsonConverter Position = new();

    /// <inheritdoc />
    public override string[]?[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"Expected an array of topics, got {reader.TokenType}.");
        var positions = new List<string[]?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            positions.Add(Position.Read(ref reader, typeof(string[]), options));
        return positions.ToArray();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string[]?[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var position in value)
        {
            if (position is null || position.Length == 0) writer.WriteNullValue();
            else Position.Write(writer, position, options);
        }
        writer.WriteEndArray();
    }
}
