using System.Globalization;
using System.Runtime.CompilerServices;
using Confluent.Kafka;
using DnsSuite.ChangeLog.Contract;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.ChangeLog.Kafka;

/// <summary>
/// The change log on Kafka (docs/kafka.md): appends go through one idempotent producer (acks=all, murmur2 key
/// partitioning), and every read uses its own consumer with explicitly assigned partitions, never a consumer
/// group, so every reader sees every partition from exactly the offsets it asks for. librdkafka reconnects to
/// the brokers by itself; outages show in the log and delay appends and reads, nothing is lost.
/// </summary>
public sealed class KafkaChangeLog : IChangeLog
{
    private readonly KafkaChangeLogOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly IProducer<string, byte[]?> producer;

    // Serves metadata and watermark queries only: it is never assigned a partition.
    private readonly IConsumer<Ignore, Ignore> queries;
    private readonly IAdminClient admin;

    // Orders timestamp assignment and enqueueing, so timestamps follow offsets within this writer.
    private readonly Lock appendGate = new();
    private long lastChangeTimestamp = long.MinValue;
    private volatile bool disposed;

    /// <summary>Creates the clients; they connect in the background, so this does not wait for a broker.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="DllNotFoundException">No librdkafka build of the librdkafka.redist package loads on this host.</exception>
    public KafkaChangeLog(KafkaChangeLogOptions options, TimeProvider? timeProvider = null, ILogger<KafkaChangeLog>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        time = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger<KafkaChangeLog>.Instance;
        KafkaNativeLibrary.EnsureLoaded(logger);
        var log = this.logger;
        producer = new ProducerBuilder<string, byte[]?>(options.ToProducerConfig())
            .SetErrorHandler((_, error) => KafkaLog.ClientError(log, "producer", error))
            .SetLogHandler((_, message) => KafkaLog.Forward(log, message))
            .Build();
        queries = new ConsumerBuilder<Ignore, Ignore>(options.ToConsumerConfig(endOfPartitionEvents: false))
            .SetErrorHandler((_, error) => KafkaLog.ClientError(log, "offset queries", error))
            .SetLogHandler((_, message) => KafkaLog.Forward(log, message))
            .Build();
        // A client of its own: Confluent.Kafka 1.9.3's admin client on another client's handle polled for results without
        // waiting, which kept a core busy and allocated hundreds of MB/s while idle (confluent-kafka-dotnet#1762); this
        // one costs nothing idle with 2.16 either (bench/ingest).
        admin = new AdminClientBuilder(options.ToAdminConfig())
            .SetErrorHandler((_, error) => KafkaLog.ClientError(log, "metadata queries", error))
            .SetLogHandler((_, message) => KafkaLog.Forward(log, message))
            .Build();
    }

    /// <inheritdoc />
    public string Description => $"kafka {options.BootstrapServers} {options.ChangesTopic}";

    /// <inheritdoc />
    public async Task<LogPosition> AppendChangeAsync(string zoneKey, byte[] value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zoneKey);
        ArgumentNullException.ThrowIfNull(value);
        ObjectDisposedException.ThrowIf(disposed, this);
        try
        {
            Task<DeliveryResult<string, byte[]?>> delivery;
            lock (appendGate)
            {
                // Serials may be derived from record timestamps, so this writer's never go backwards when the
                // clock steps back (a topic with message.timestamp.type=LogAppendTime uses the broker's instead).
                lastChangeTimestamp = Math.Max(lastChangeTimestamp, time.GetUtcNow().ToUnixTimeMilliseconds());
                var timestamp = new Timestamp(lastChangeTimestamp, TimestampType.CreateTime);

                // ProduceAsync enqueues before it returns, so the order of enqueueing is the order of this lock.
                delivery = producer.ProduceAsync(
                    options.ChangesTopic, new Message<string, byte[]?> { Key = zoneKey, Value = value, Timestamp = timestamp }, cancellationToken);
            }

            var delivered = await delivery.ConfigureAwait(false);
            return new LogPosition(delivered.Partition.Value, delivered.Offset.Value);
        }
        catch (ProduceException<string, byte[]?> e) when (e.Error.Code == ErrorCode.MsgSizeTooLarge)
        {
            // The producer refuses it before sending, or a broker does (the same code): either way nothing was written.
            throw TooLarge(zoneKey, value.Length, e);
        }
    }

    private ChangeTooLargeException TooLarge(string zoneKey, int size, Exception error)
    {
        int limit = options.MaxMessageBytes;
        long suggested = (size + 4096L + 999_999) / 1_000_000 * 1_000_000;
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"the change message for zone {zoneKey} is {size:N0} bytes, more than Kafka accepts: the producer's message.max.bytes is {limit:N0} "
            + $"(key and record overhead included), and the topic {options.ChangesTopic} has its own max.message.bytes (1,048,588 by default). "
            + $"Raise both, e.g. --kafka-property message.max.bytes={suggested} (Kafka:ClientProperties:message.max.bytes) for every primary and publisher, "
            + $"and max.message.bytes={suggested} on the topic (kafka-configs.sh --alter --entity-type topics --entity-name {options.ChangesTopic} "
            + $"--add-config max.message.bytes={suggested}); see docs/kafka.md");
        return new ChangeTooLargeException(message, error);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PartitionOffsets>> GetChangeOffsetsAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return Task.Run(() => QueryOffsets(options.ChangesTopic), cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<LogRecord> ReadChangesAsync(
        IReadOnlyDictionary<int, long> nextOffsets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nextOffsets);
        ObjectDisposedException.ThrowIf(disposed, this);
        var assignment = await Task.Run(() => ChangesAssignment(nextOffsets), cancellationToken).ConfigureAwait(false);
        await using var reader = new KafkaTopicReader(options, options.ChangesTopic, assignment, end: null, logger);
        await foreach (var record in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public async Task WriteSnapshotAsync(string key, byte[]? value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ObjectDisposedException.ThrowIf(disposed, this);
        var timestamp = new Timestamp(time.GetUtcNow().ToUnixTimeMilliseconds(), TimestampType.CreateTime);
        await producer.ProduceAsync(
            options.SnapshotsTopic, new Message<string, byte[]?> { Key = key, Value = value, Timestamp = timestamp }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The high watermarks are queried one partition after another, so a primary writing meanwhile may put a zone's
    /// snapshot into a partition already queried and then a checkpoint that relies on it into one queried later: read
    /// up to those ends, the checkpoint would skip the zone's changes without its snapshot. The ends are therefore
    /// queried twice and the records read up to the second, which includes every snapshot written before a record
    /// below the first; a checkpoint at or past the first end of its partition is left out (the value before it stands).
    /// </remarks>
    public async IAsyncEnumerable<LogRecord> ReadSnapshotsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var firstEnds = (await Task.Run(() => QueryOffsets(options.SnapshotsTopic), cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Partition, p => p.HighWatermark);
        BetweenSnapshotEndQueries?.Invoke();
        var offsets = await Task.Run(() => QueryOffsets(options.SnapshotsTopic), cancellationToken).ConfigureAwait(false);
        var unread = offsets.Where(p => p.HighWatermark > p.LogStartOffset).ToList();
        if (unread.Count == 0)
        {
            yield break;
        }

        var end = new SnapshotEnd(unread.ToDictionary(p => p.Partition, p => p.HighWatermark));
        var assignment = unread.Select(p => new TopicPartitionOffset(options.SnapshotsTopic, p.Partition, Offset.Beginning)).ToList();
        await using var reader = new KafkaTopicReader(options, options.SnapshotsTopic, assignment, end, logger);
        await foreach (var record in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            bool lateCheckpoint = record.Key.StartsWith(PartitionCheckpoint.KeyPrefix, StringComparison.Ordinal)
                && record.Position.Offset >= firstEnds.GetValueOrDefault(record.Position.Partition);
            if (!lateCheckpoint)
            {
                yield return record;
            }
        }
    }

    /// <summary>For tests: runs between the two queries of the snapshot partitions' ends in <see cref="ReadSnapshotsAsync"/>.</summary>
    internal Action? BetweenSnapshotEndQueries { get; set; }

    /// <summary>Waits (up to the delivery timeout) for pending appends, then closes the clients.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        var unacknowledged = await Task.Run(() => producer.Flush(options.DeliveryTimeout)).ConfigureAwait(false);
        if (unacknowledged > 0)
        {
            KafkaLog.FlushIncomplete(logger, unacknowledged, options.DeliveryTimeout);
        }

        admin.Dispose();
        queries.Dispose();
        producer.Dispose();
    }

    private List<TopicPartitionOffset> ChangesAssignment(IReadOnlyDictionary<int, long> nextOffsets)
    {
        foreach (var (partition, offset) in nextOffsets)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(offset, $"{nameof(nextOffsets)}[{partition}]");
        }

        var offsets = QueryOffsets(options.ChangesTopic);
        foreach (var (partition, offset) in nextOffsets)
        {
            var range = offsets.FirstOrDefault(p => p.Partition == partition)
                ?? throw new ArgumentOutOfRangeException(
                    nameof(nextOffsets), partition, $"Kafka topic {options.ChangesTopic} has no partition {partition}.");

            // Checked here although the consumer would fail too (auto.offset.reset=error): this names the log start.
            if (offset < range.LogStartOffset)
            {
                throw new LogTruncatedException(partition, offset, range.LogStartOffset);
            }

            if (offset > range.HighWatermark)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(nextOffsets), offset,
                    $"Kafka topic {options.ChangesTopic} partition {partition} ends at {range.HighWatermark}.");
            }
        }

        return offsets
            .Select(p => new TopicPartitionOffset(
                options.ChangesTopic, p.Partition, nextOffsets.TryGetValue(p.Partition, out var next) ? next : Offset.Beginning))
            .ToList();
    }

    private IReadOnlyList<PartitionOffsets> QueryOffsets(string topic)
    {
        var metadata = admin.GetMetadata(topic, options.RequestTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError)
        {
            throw new InvalidOperationException(
                $"Kafka topic {topic} is not available at {options.BootstrapServers}: {metadata?.Error.Reason ?? "not in the metadata"}.");
        }

        return metadata.Partitions
            .Select(p => p.PartitionId)
            .Order()
            .Select(partition =>
            {
                var watermarks = queries.QueryWatermarkOffsets(new TopicPartition(topic, partition), options.RequestTimeout);
                return new PartitionOffsets(partition, watermarks.Low.Value, watermarks.High.Value);
            })
            .ToList();
    }
}
