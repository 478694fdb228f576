using System.Globalization;
using Confluent.Kafka;

namespace DnsSuite.ChangeLog.Kafka;

/// <summary>Where the Kafka change log lives and how the clients talk to it (configuration section <c>Kafka</c>).</summary>
public sealed class KafkaChangeLogOptions
{
    /// <summary>librdkafka's default <c>message.max.bytes</c>.</summary>
    public const int DefaultMaxMessageBytes = 1_000_000;

    /// <summary>Client properties that <see cref="KafkaChangeLog"/> sets itself because the change-log contract depends on them.</summary>
    public static readonly IReadOnlySet<string> ReservedProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "bootstrap.servers", "enable.idempotence", "acks", "partitioner", "group.id", "enable.auto.commit",
        "enable.auto.offset.store", "auto.offset.reset", "isolation.level", "enable.partition.eof",
        "dotnet.consumer.consume.result.fields",
    };

    /// <summary>The brokers to bootstrap from, "host:port" separated by commas.</summary>
    public string BootstrapServers { get; set; } = string.Empty;

    /// <summary>The partitioned changes topic (key = zone apex).</summary>
    public string ChangesTopic { get; set; } = "dns.changes";

    /// <summary>The compacted snapshots topic (key = zone or chunk key).</summary>
    public string SnapshotsTopic { get; set; } = "dns.snapshots";

    /// <summary>
    /// Extra librdkafka properties given to both the producer and the consumers, e.g. <c>security.protocol</c>,
    /// <c>sasl.*</c>, <c>ssl.*</c>, <c>client.id</c>, <c>message.max.bytes</c>. The ones in
    /// <see cref="ReservedProperties"/> are rejected.
    /// </summary>
    public Dictionary<string, string> ClientProperties { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The producer's limit on one message (<c>message.max.bytes</c> of <see cref="ClientProperties"/>, else librdkafka's 1,000,000).</summary>
    public int MaxMessageBytes =>
        ClientProperties.TryGetValue("message.max.bytes", out var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            ? bytes
            : DefaultMaxMessageBytes;

    /// <summary>How long an append may wait for the brokers' acknowledgement, retries included (<c>message.timeout.ms</c>).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a metadata or offset query may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    internal void Validate()
    {
        Require(BootstrapServers, "Kafka:BootstrapServers");
        Require(ChangesTopic, "Kafka:ChangesTopic");
        Require(SnapshotsTopic, "Kafka:SnapshotsTopic");
        if (string.Equals(ChangesTopic, SnapshotsTopic, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Kafka:ChangesTopic and Kafka:SnapshotsTopic must differ (both are '{ChangesTopic}').");
        }

        foreach (var key in ClientProperties.Keys.Where(ReservedProperties.Contains))
        {
            throw new ArgumentException(
                $"Kafka:ClientProperties:{key} cannot be set: the change log sets it itself (see docs/kafka.md).");
        }

        RequirePositive(DeliveryTimeout, "Kafka:DeliveryTimeout");
        RequirePositive(RequestTimeout, "Kafka:RequestTimeout");
    }

    /// <summary>
    /// The producer the contract needs: idempotent with acks=all (a retry after a lost acknowledgement never
    /// duplicates or reorders a record), murmur2 key partitioning like Kafka's Java clients and
    /// <see cref="KafkaPartitioner"/> (librdkafka's own default hashes with CRC32).
    /// </summary>
    internal ProducerConfig ToProducerConfig()
    {
        var config = new ProducerConfig(new Dictionary<string, string>(ClientProperties, StringComparer.Ordinal))
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            Partitioner = Partitioner.Murmur2Random,
            MessageTimeoutMs = (int)DeliveryTimeout.TotalMilliseconds,
        };
        return config;
    }

    /// <summary>The client for topic metadata.</summary>
    internal AdminClientConfig ToAdminConfig() =>
        new(new Dictionary<string, string>(ClientProperties, StringComparer.Ordinal)) { BootstrapServers = BootstrapServers };

    /// <summary>
    /// A consumer that never joins its group (partitions are assigned explicitly) and never commits: the
    /// reader keeps its own positions. The group id is unique only because librdkafka requires one.
    /// <c>auto.offset.reset=error</c> makes a fetch below the log start fail instead of jumping.
    /// </summary>
    internal ConsumerConfig ToConsumerConfig(bool endOfPartitionEvents)
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(ClientProperties, StringComparer.Ordinal))
        {
            BootstrapServers = BootstrapServers,
            GroupId = "dnssuite-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Error,
            IsolationLevel = IsolationLevel.ReadCommitted,
            EnablePartitionEof = endOfPartitionEvents,
            // The reader uses each record's timestamp, never its topic name or headers, which cost allocations per record.
            ConsumeResultFields = "timestamp",
        };
        return config;
    }

    private static void Require(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is required.");
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive (it is {value}).");
        }
    }
}
