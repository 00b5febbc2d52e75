namespace Vaults.Ethereum.JsonRpc;

/// <summary>No answer arrived within the client's per-call timeout (the caller's token was not cancelled).</summary>
public sealed class RpcClientTimeoutException : RpcClientException
{
    /// <summary>Creates the exception.</summary>
    public RpcClientTimeoutException(string? method, string? url, TimeSpan timeout, Exception? innerException = null)
        : base($"{Describe(method)} to {url} timed out after {timeout.TotalSeconds:0.###} s", method, url, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
