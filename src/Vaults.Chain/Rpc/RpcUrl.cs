using System.Net.Http.Headers;
using System.Text;

namespace Vaults.Chain;

/// <summary>Validation and redaction of node URLs (credentials and API keys never reach messages or logs).</summary>
internal static class RpcUrl
{
    /// <summary>Parses and checks an http/https/ws/wss URL; throws a clear <see cref="ArgumentException"/> otherwise.</summary>
    public static Uri Parse(string? url, string paramName)
    {
        if (string.IsNullOrWhiteSpace(url))
            throw new ArgumentException("A JSON-RPC node URL is required (e.g. http://127.0.0.1:8545).", paramName);
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
            throw new ArgumentException($"'{RedactText(url)}' is not a valid absolute URL; expected e.g. http://127.0.0.1:8545.", paramName);
        return Check(uri, paramName);
    }

    /// <summary>Checks the scheme of an absolute URL.</summary>
    public static Uri Check(Uri uri, string paramName)
    {
        ArgumentNullException.ThrowIfNull(uri, paramName);
        if (!uri.IsAbsoluteUri)
            throw new ArgumentException($"'{uri}' is not an absolute URL; expected e.g. http://127.0.0.1:8545.", paramName);
        if (uri.Scheme is not ("http" or "https" or "ws" or "wss"))
            throw new ArgumentException($"Unsupported URL scheme '{uri.Scheme}' in {Redact(uri)}: a JSON-RPC node URL must be http, https, ws or wss.", paramName);
        return uri;
    }

    /// <summary>Maps ws→http and wss→https (Hardhat and Anvil serve both on one port), or the reverse.</summary>
    public static Uri WithScheme(Uri uri, bool webSocket)
    {
        var scheme = (uri.Scheme, webSocket) switch
        {
            ("ws", false) => "http",
            ("wss", false) => "https",
            ("http", true) => "ws",
            ("https", true) => "wss",
            _ => uri.Scheme,
        };
        if (scheme == uri.Scheme) return uri;
        return new UriBuilder(uri) { Scheme = scheme, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
    }

    /// <summary>The URL without user info, with the query replaced by "?***" and API-key-like path segments by "***".</summary>
    public static string Redact(Uri uri)
    {
        var text = new StringBuilder(uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));
        var path = uri.AbsolutePath;
        if (path.Length > 1)
        {
            foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
                text.Append('/').Append(LooksSecret(segment) ? "***" : segment);
            if (path.EndsWith('/')) text.Append('/');
        }
        if (uri.Query.Length > 1) text.Append("?***");
        return text.ToString();
    }

    /// <summary>Any URL text as it may be shown: <see cref="Redact(Uri)"/> when it parses, otherwise <see cref="RedactText"/>.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? Redact(uri) : RedactText(url);

    /// <summary>The user info as a Basic authorization header, or null.</summary>
    public static AuthenticationHeaderValue? BasicAuth(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo)) return null;
        var raw = Uri.UnescapeDataString(uri.UserInfo);
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)));
    }

    /// <summary>The URL without user info (what is actually requested).</summary>
    public static Uri WithoutUserInfo(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri : new UriBuilder(uri) { UserName = "", Password = "" }.Uri;

    private static bool LooksSecret(string segment) =>
        segment.Length >= 16 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string RedactText(string url)
    {
        var at = url.IndexOf('@');
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme >= 0 && at > scheme ? string.Concat(url.AsSpan(0, scheme + 3), "***", url.AsSpan(at)) : url;
    }
}
