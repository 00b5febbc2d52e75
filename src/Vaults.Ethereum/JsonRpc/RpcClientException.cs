namespace Vaults.Ethereum.JsonRpc;

/// <summary>Base class of every failure raised by the JSON-RPC clients. Messages are one line and never contain URL credentials.</summary>
public class RpcClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RpcClientException(string message, string? method, string? url, Exception? innerException = null)
        : base(message, innerException)
    {
        Method = method;
        Url = url;
    }

    /// <summary>The JSON-RPC method, when the failure belongs to one request (null for batches and connection-level failures).</summary>
    public string? Method { get; }

    /// <summary>The node URL with credentials, query strings and API-key-like path segments removed.</summary>
    public string? Url { get; }

    internal static string Describe(string? method) => method is null ? "JSON-RPC request" : $"JSON-RPC request {method}";
}
