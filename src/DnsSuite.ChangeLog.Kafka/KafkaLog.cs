using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DnsSuite.ChangeLog.Kafka;

/// <summary>The log messages of the Kafka change log and of the librdkafka clients it runs.</summary>
internal static partial class KafkaLog
{
    /// <summary>Forwards one librdkafka log line at the matching level.</summary>
    public static void Forward(ILogger logger, LogMessage message) =>
        Librdkafka(logger, ToLogLevel(message.Level), message.Name, message.Facility, message.Message);

    /// <summary>Logs an error a client reported: transient ones (broker down, timeouts) at warning, fatal ones as critical.</summary>
    public static void ClientError(ILogger logger, string client, Error error)
    {
        if (error.IsFatal)
        {
            FatalClientError(logger, client, error.Code, error.Reason);
        }
        else
        {
            TransientClientError(logger, client, error.Code, error.Reason);
        }
    }

    [LoggerMessage(EventId = 350, Message = "librdkafka {Client} {Facility}: {Text}")]
    private static partial void Librdkafka(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(EventId = 351, Level = LogLevel.Warning, Message = "Kafka {Client}: {Code} {Reason} (librdkafka retries by itself)")]
    private static partial void TransientClientError(ILogger logger, string client, ErrorCode code, string reason);

    [LoggerMessage(EventId = 352, Level = LogLevel.Critical, Message = "Kafka {Client} failed for good: {Code} {Reason}")]
    private static partial void FatalClientError(ILogger logger, string client, ErrorCode code, string reason);

    [LoggerMessage(EventId = 353, Level = LogLevel.Warning, Message = "Reading Kafka topic {Topic}: {Code} {Reason}; reading continues")]
    public static partial void ConsumeError(ILogger logger, string topic, ErrorCode code, string reason);

    [LoggerMessage(EventId = 354, Level = LogLevel.Warning, Message = "Closing the Kafka change log with {Count} appends still unacknowledged after {Timeout}")]
    public static partial void FlushIncomplete(ILogger logger, int count, TimeSpan timeout);

    private static LogLevel ToLogLevel(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
