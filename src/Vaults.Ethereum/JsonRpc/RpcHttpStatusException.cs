using System.Net;

namespace Vaults.Ethereum.JsonRpc;

/// <summary>The HTTP endpoint answered with a non-success status and no JSON-RPC body (a proxy error, 401, 429, 500...).</summary>
public sealed class RpcHttpStatusException : RpcClientException
{
    /// <summary>Creates the exception.</summary>
    public RpcHttpStatusException(string? method, string? url, HttpStatusCode statusCode, string? reasonPhrase, string bodySnippet)
        : base($"{Describe(method)} to {url} failed with HTTP {(int)statusCode} {reasonPhrase ?? statusCode.ToString()}"
               + (bodySnippet.Length > 0 ? $": {bodySnippet}" : ""), method, url)
    {
        StatusCode = statusCode;
        BodySnippet = bodySnippet;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The start of the body, on one line.</summary>
    public string BodySnippet { get; }
}
