using Microsoft.Extensions.Logging;

namespace DnsSuite.Server.Hosting;

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Serving DNS on {EndPoints}")]
    public static partial void Serving(ILogger logger, string endPoints);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Wrote ready file {Path}")]
    public static partial void ReadyFileWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Listeners closed")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 103, Level = LogLevel.Error, Message = "Cannot write the ready file {Path}: {Error}")]
    public static partial void ReadyFileFailed(ILogger logger, string path, string error);
}
