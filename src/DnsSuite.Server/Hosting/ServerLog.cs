using Microsoft.Extensions.Logging;

namespace DnsSuite.Server.Hosting;

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Serving DNS on {EndPoints}")]
    public static partial void Serving(ILogger logger, string endPoints);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Wrote ready file {Path}")]
    public static partial void ReadyFileWritten(ILogger logger, string path);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Listeners closed")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 203, Level = LogLevel.Error, Message = "Cannot write the ready file {Path}: {Error}")]
    public static partial void ReadyFileFailed(ILogger logger, string path, string error);
}
