namespace Vaults.Ethereum.JsonRpc;

/// <summary>
/// A JSON-RPC 2.0 client (Nethereum's <c>IClient</c>, modernised): every call takes a <see cref="CancellationToken"/>,
/// and failures surface as <see cref="RpcClientException"/> subclasses that name the method and the (redacted) node URL.
/// </summary>
public interface IClient
{
    /// <summary>Sends one request and deserialises its <c>result</c> to <typeparamref name="T"/>.</summary>
    /// <exception cref="RpcResponseException">The node answered with a JSON-RPC error.</exception>
    /// <exception cref="RpcClientUnknownException">The node could not be reached or the connection was lost.</exception>
    /// <exception cref="RpcClientTimeoutException">No answer within the configured per-call timeout.</exception>
    /// <exception cref="RpcInvalidResponseException">The answer was not valid JSON-RPC, or the result did not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="RpcHttpStatusException">The HTTP transport returned a non-success status without a JSON-RPC body.</exception>
    Task<T> SendRequestAsync<T>(RpcRequest request, CancellationToken ct = default);

    /// <summary>
    /// Sends a JSON-RPC batch. The responses come back in the order of <paramref name="requests"/> (correlated by id, whatever order
    /// the node used); a per-request error is returned in its <see cref="RpcResponse.Error"/>, not thrown.
    /// </summary>
    Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default);
}
