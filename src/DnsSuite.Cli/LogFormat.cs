namespace DnsSuite.Cli;

/// <summary>The console log formats of <c>--log-format</c> (<c>Logging:Format</c>).</summary>
internal enum LogFormat
{
    /// <summary>One line per event: time, level, category, message.</summary>
    Simple,

    /// <summary>One JSON object per event and line, with the message's named values.</summary>
    Json,
}
