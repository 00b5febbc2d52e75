using System.Text.Json;
using System.Text.Json.Serialization;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.RPC.DevTools;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>
/// Source-generated System.Text.Json metadata for the JSON-RPC DTOs (AOT- and trim-safe). Property names are camelCase,
/// nulls are omitted on write, quantities are hex strings and byte arrays are "0x" hex.
/// Combine it with your own context through <see cref="JsonSerializerOptions.TypeInfoResolverChain"/> to add DTOs.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(HexBigIntegerJsonConverter), typeof(AddressJsonConverter), typeof(HexBytesJsonConverter), typeof(BlockParameterJsonConverter)])]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(ulong))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(HexBigInteger))]
[JsonSerializable(typeof(HexBigInteger?))]
[JsonSerializable(typeof(byte[]))]
[JsonSerializable(typeof(BlockParameter))]
[JsonSerializable(typeof(CallInput))]
[JsonSerializable(typeof(TransactionInput))]
[JsonSerializable(typeof(NewFilterInput))]
[JsonSerializable(typeof(FilterLog))]
[JsonSerializable(typeof(FilterLog[]))]
[JsonSerializable(typeof(TransactionReceipt))]
[JsonSerializable(typeof(BlockHeader))]
[JsonSerializable(typeof(BlockWithTransactionHashes))]
[JsonSerializable(typeof(FeeHistory))]
[JsonSerializable(typeof(Transaction))]
[JsonSerializable(typeof(HardhatMetadata))]
public sealed partial class RpcJsonContext : JsonSerializerContext;
