using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Embedded;
using DnsSuite.ChangeLog.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Primary.Hosting;

/// <summary>
/// Which change log the configuration selects, for the primary and the tools that read or write its log (publish, log,
/// probe): Kafka when <c>Kafka:BootstrapServers</c> is set, else the embedded log in <c>ChangeLog:DataDirectory</c>.
/// </summary>
public static class ChangeLogSelection
{
    public const string KafkaSection = "Kafka";

    public static bool UsesKafka(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{KafkaSection}:{nameof(KafkaChangeLogOptions.BootstrapServers)}"]);

    /// <summary>The <c>ChangeLog</c> section; throws <see cref="FormatException"/> naming the key of a value that is not valid.</summary>
    public static ChangeLogOptions Options(IConfiguration configuration)
    {
        ChangeLogOptions options;
        try
        {
            options = configuration.GetSection(ChangeLogOptions.SectionName).Get<ChangeLogOptions>() ?? new ChangeLogOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value ("Failed to convert configuration value '...' at '...'").
            throw new FormatException(e.Message, e);
        }

        if (options.Embedded.PollInterval <= TimeSpan.Zero)
        {
            string key = $"{ChangeLogOptions.SectionName}:{nameof(ChangeLogOptions.Embedded)}:{nameof(EmbeddedLogOptions.PollInterval)}";
            throw new FormatException($"{key}: '{configuration[key]}' is not a positive duration (such as 00:00:00.050 for 50 ms)");
        }

        return options;
    }

    /// <summary>Opens the selected log. Throws <see cref="ArgumentException"/> for bad Kafka options, <see cref="FormatException"/> for a bad <c>ChangeLog</c> value.</summary>
    public static async Task<IChangeLog> OpenAsync(IConfiguration configuration, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (UsesKafka(configuration))
        {
            KafkaChangeLogOptions kafka = configuration.GetSection(KafkaSection).Get<KafkaChangeLogOptions>() ?? new KafkaChangeLogOptions();
            return new KafkaChangeLog(kafka, TimeProvider.System, loggers.CreateLogger<KafkaChangeLog>());
        }

        ChangeLogOptions options = Options(configuration);
        var embedded = new EmbeddedChangeLogOptions { DataDirectory = options.DataDirectory, PollInterval = options.Embedded.PollInterval };
        return await EmbeddedChangeLog.OpenAsync(embedded, TimeProvider.System, loggers.CreateLogger<EmbeddedChangeLog>(), cancellationToken).ConfigureAwait(false);
    }
}
