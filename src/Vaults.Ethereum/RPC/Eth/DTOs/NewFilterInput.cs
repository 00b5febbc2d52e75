using System.Text.Json.Serialization;
using Vaults.Ethereum.JsonRpc;

namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>
/// A log filter for <c>eth_getLogs</c>, <c>eth_newFilter</c> and <c>eth_subscribe("logs")</c>.
/// </summary>
public sealed record NewFilterInput
{
    /// <summary>The first block (inclusive); defaults to "latest" on the node.</summary>
    public BlockParameter? FromBlock { get; init; }

    /// <summary>The last block (inclusive); defaults to "latest" on the node.</summary>
    public BlockParameter? ToBlock { get; init; }

    /// <summary>A single block by hash (exclusive with the range; <c>eth_getLogs</c> only).</summary>
    public string? BlockHash { get; init; }

    /// <summary>One or many contract addresses (written as a string when there is exactly one).</summary>
    [JsonConverter(typeof(OneOrManyStringJsonConverter))]
    public string[]? Address { get; init; }

    /// <summary>
    /// Topic positions: each is null (any topic), or a set of alternatives (OR). A one-element set is written as a plain string.
    /// Trailing positions may be omitted.
    /// </summary>
    [JsonConverter(typeof(TopicFilterJsonConverter))]
    public string[]?[]? Topics { get; init; }

    /// <summary>A filter on one address with optional topic positions (null = any; a single topic per position).</summary>
    public static NewFilterInput ForAddress(string address, params string?[] topics) => new()
    {
        Address = [address],
        Topics = topics.Length == 0 ? null : topics.Select(t => t is null ? null : new[] { t }).ToArray(),
    };
}
