using System.CommandLine;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Embedded;
using DnsSuite.ChangeLog.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Cli.Hosting;

/// <summary>
/// Which change log a command uses, shared by <c>primary</c>, <c>publish</c> and <c>log</c>: Kafka when
/// <c>Kafka:BootstrapServers</c> is set (<c>--kafka</c>), else the embedded log in <c>ChangeLog:DataDirectory</c> (<c>--data</c>).
/// </summary>
internal static class ChangeLogSelection
{
    public const string KafkaSection = "Kafka";

    public static readonly Option<string?> DataOption = new("--data") { Description = "folder of the embedded change log (default: ./data); with --kafka, where zone-file seeding is remembered" };
    public static readonly Option<string?> KafkaOption = new("--kafka") { Description = "Kafka bootstrap servers (host:port,...): use the change log on Kafka instead of the embedded one" };
    public static readonly Option<string?> ChangesTopicOption = new("--changes-topic") { Description = "Kafka changes topic (default: dns.changes)" };
    public static readonly Option<string?> SnapshotsTopicOption = new("--snapshots-topic") { Description = "Kafka snapshots topic (default: dns.snapshots)" };
    public static readonly Option<string[]> KafkaPropertyOption = new("--kafka-property") { Description = "librdkafka property as key=value; repeatable" };

    public static void AddOptions(Command command)
    {
        command.Options.Add(DataOption);
        command.Options.Add(KafkaOption);
        command.Options.Add(ChangesTopicOption);
        command.Options.Add(SnapshotsTopicOption);
        command.Options.Add(KafkaPropertyOption);
    }

    /// <summary>The configuration keys the flags set; throws <see cref="FormatException"/> for a <c>--kafka-property</c> without '='.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> FlagValues(ParseResult parsed)
    {
        var values = new List<KeyValuePair<string, string?>>();
        if (parsed.GetValue(DataOption) is { } data)
        {
            values.Add(new($"{ChangeLogOptions.SectionName}:{nameof(ChangeLogOptions.DataDirectory)}", data));
        }

        if (parsed.GetValue(KafkaOption) is { } bootstrap)
        {
            values.Add(new($"{KafkaSection}:{nameof(KafkaChangeLogOptions.BootstrapServers)}", bootstrap));
        }

        if (parsed.GetValue(ChangesTopicOption) is { } changes)
        {
            values.Add(new($"{KafkaSection}:{nameof(KafkaChangeLogOptions.ChangesTopic)}", changes));
        }

        if (parsed.GetValue(SnapshotsTopicOption) is { } snapshots)
        {
            values.Add(new($"{KafkaSection}:{nameof(KafkaChangeLogOptions.SnapshotsTopic)}", snapshots));
        }

        foreach (string property in parsed.GetValue(KafkaPropertyOption) ?? [])
        {
            int equals = property.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"--kafka-property '{property}' is not key=value");
            }

            values.Add(new($"{KafkaSection}:{nameof(KafkaChangeLogOptions.ClientProperties)}:{property[..equals]}", property[(equals + 1)..]));
        }

        return values;
    }

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
