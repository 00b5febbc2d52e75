using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vaults.Cli;

/// <summary>
/// Writes every decimal (token amounts, prices, sizes, percentages) as a JSON string holding the exact value ("1834.651989450751203"):
/// a JSON number would be read as a double by most consumers and lose digits. Reads both forms.
/// </summary>
internal sealed class DecimalStringConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? decimal.Parse(reader.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)
            : reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
