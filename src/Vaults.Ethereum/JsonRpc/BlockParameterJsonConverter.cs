using System.Text.Json;
using System.Text.Json.Serialization;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>Writes <see cref="BlockParameter"/> as its tag ("latest") or quantity ("0x10").</summary>
public sealed class BlockParameterJsonConverter : JsonConverter<BlockParameter>
{
    /// <inheritdoc />
    public override BlockParameter? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => BlockParameter.Parse(reader.GetString()!),
        JsonTokenType.Number => new BlockParameter(reader.GetUInt64()),
        _ => throw new JsonException($"Expected a block tag or number, got {reader.TokenType}."),
    };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, BlockParameter value, JsonSerializerOptions options) => writer.WriteStringValue(value.GetRPCParam());
}
