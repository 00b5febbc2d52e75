using System.Text.RegularExpressions;

namespace Vaults.Chain;

/// <summary>
/// Redacts every node URL inside free text (an error message, a log line): whatever wrote the text, a URL's user info,
/// query and API-key-like path segments never reach a terminal or a log (see <see cref="RpcUrl.Redact(Uri)"/>).
/// </summary>
internal static partial class UrlScrubber
{
    /// <summary><paramref name="text"/> with each http/https/ws/wss URL redacted.</summary>
    public static string Scrub(string text)
    {
        if (!text.Contains("://", StringComparison.Ordinal)) return text;
        return Url().Replace(text, m =>
        {
            // A sentence may end right after a URL: its closing punctuation is not part of it.
            var url = m.Value.TrimEnd('.', ',', ';', ':', '!', '?');
            return RpcUrl.Redact(url) + m.Value[url.Length..];
        });
    }

    [GeneratedRegex(@"\b(?:https?|wss?)://[^\s'""`<>()\[\]{}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
