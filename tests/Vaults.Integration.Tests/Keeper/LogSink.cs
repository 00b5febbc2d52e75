using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vaults.Integration.Tests.Keeper;

/// <summary>Collects every formatted log line of a keeper host (category, level, message, exception), for assertions.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public string Text => string.Join(Environment.NewLine, _lines);

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose() { }

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink._lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
