using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DnsSuite.TestSupport.Logging;

/// <summary>Keeps every log line, so a test can wait until a client reported something.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> lines = new();

    public IReadOnlyCollection<(LogLevel Level, string Text)> Lines => lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue((logLevel, formatter(state, exception)));
}
