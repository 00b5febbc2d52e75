using System.Text;
using Vaults.Chain;

namespace Vaults.Cli;

/// <summary>
/// A console stream that redacts node URLs (user info, query, API-key-like path segments) in every line before it is
/// written, whoever wrote it: the CLI's messages, the keeper's log, a library's exception text. Text is held until its
/// line ends (or a flush), so a URL written in pieces is still seen whole.
/// </summary>
internal sealed class RedactingWriter(TextWriter inner) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n') FlushLine();
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_gate)
        {
            _line.Append(value);
            if (value.Contains('\n')) FlushLine();
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

    public override void Flush()
    {
        lock (_gate)
        {
            FlushLine();
            inner.Flush();
        }
    }

    public override Task FlushAsync() { Flush(); return Task.CompletedTask; }

    public override Task WriteAsync(string? value) { Write(value); return Task.CompletedTask; }

    public override Task WriteLineAsync(string? value) { WriteLine(value); return Task.CompletedTask; }

    private void FlushLine()
    {
        if (_line.Length == 0) return;
        inner.Write(UrlScrubber.Scrub(_line.ToString()));
        _line.Clear();
        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Flush();
        base.Dispose(disposing);
    }
}
