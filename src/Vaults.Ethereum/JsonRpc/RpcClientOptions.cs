using System.Text.Json;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>Settings of <see cref="RpcClient"/>.</summary>
public sealed record RpcClientOptions
{
    /// <summary>The per-call timeout (request sent to response read), linked with the caller's token. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The TCP connect timeout of the shared handler. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pooled connection lives before it is replaced (so DNS changes are seen). Default 5 minutes.</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Serializer options for parameters and results; defaults to <see cref="RpcJson.Options"/>.</summary>
    public JsonSerializerOptions? JsonSerializerOptions { get; init; }

    /// <summary>The defaults.</summary>
    public static RpcClientOptions Default { get; } = new();
}
