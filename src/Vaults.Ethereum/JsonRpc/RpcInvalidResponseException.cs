namespace Vaults.Ethereum.JsonRpc;

/// <summary>The node's answer was not usable: malformed JSON, not a JSON-RPC 2.0 response, a mismatched id, or a result of the wrong shape.</summary>
public sealed class RpcInvalidResponseException : RpcClientException
{
    /// <summary>Creates the exception; <paramref name="problem"/> names what is wrong.</summary>
    public RpcInvalidResponseException(string? method, string? url, string problem, Exception? innerException = null)
        : base($"Invalid response to {Describe(method)} from {url}: {problem}", method, url, innerException) { }
}
