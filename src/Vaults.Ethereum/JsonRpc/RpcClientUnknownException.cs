namespace Vaults.Ethereum.JsonRpc;

/// <summary>
/// The node could not be reached, or the connection was lost before an answer arrived
/// ("Cannot reach JSON-RPC node at http://127.0.0.1:1: connection refused"). The request may or may not have been executed.
/// </summary>
public sealed class RpcClientUnknownException : RpcClientException
{
    /// <summary>Creates the exception.</summary>
    public RpcClientUnknownException(string message, string? method, string? url, Exception? innerException = null)
        : base(message, method, url, innerException) { }
}
