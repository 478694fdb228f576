using System.CommandLine;
using DnsSuite.ChangeLog.Kafka;
using DnsSuite.Primary.Hosting;

namespace DnsSuite.Cli;

/// <summary>
/// The flags that select a change log, shared by <c>primary</c>, <c>publish</c>, <c>log</c> and <c>probe</c>: <c>--kafka</c>
/// (and the topics and client properties), else the embedded log in <c>--data</c> (see <see cref="ChangeLogSelection"/>).
/// </summary>
internal static class ChangeLogFlags
{
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
            values.Add(new($"{ChangeLogSelection.KafkaSection}:{nameof(KafkaChangeLogOptions.BootstrapServers)}", bootstrap));
        }

        if (parsed.GetValue(ChangesTopicOption) is { } changes)
        {
            values.Add(new($"{ChangeLogSelection.KafkaSection}:{nameof(KafkaChangeLogOptions.ChangesTopic)}", changes));
        }

        if (parsed.GetValue(SnapshotsTopicOption) is { } snapshots)
        {
            values.Add(new($"{ChangeLogSelection.KafkaSection}:{nameof(KafkaChangeLogOptions.SnapshotsTopic)}", snapshots));
        }

        foreach (string property in parsed.GetValue(KafkaPropertyOption) ?? [])
        {
            int equals = property.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"--kafka-property '{property}' is not key=value");
            }

            values.Add(new($"{ChangeLogSelection.KafkaSection}:{nameof(KafkaChangeLogOptions.ClientProperties)}:{property[..equals]}", property[(equals + 1)..]));
        }

        return values;
    }

}
