using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DnsSuite.ChangeLog.Kafka;

/// <summary>
/// Reads assigned partitions of one topic on a dedicated thread (Confluent's Consume blocks, so it must not
/// hold a thread-pool thread) and hands the records over through a bounded channel, which also stops the
/// fetching when the reader falls behind. Records go over in chunks of what the client has already fetched: a
/// thread blocked on a full channel is woken once per chunk taken rather than once per record, and each wake-up
/// costs both threads a system call. Transient errors are logged and reading goes on (librdkafka
/// reconnects by itself); a fetch below the log start ends the read with <see cref="LogTruncatedException"/>
/// and a fatal error ends it with that error.
/// </summary>
internal sealed class KafkaTopicReader : IAsyncDisposable
{
    private const int ChunkSize = 256;
    private const int BufferedChunks = 8;

    private readonly string topic;
    private readonly SnapshotEnd? end;
    private readonly TimeSpan requestTimeout;
    private readonly ILogger logger;
    private readonly IConsumer<string?, byte[]?> consumer;
    private readonly Dictionary<int, long> nextOffsets = [];
    private readonly Channel<LogRecord[]> chunks =
        Channel.CreateBounded<LogRecord[]>(new BoundedChannelOptions(BufferedChunks) { SingleReader = true, SingleWriter = true });

    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts reading <paramref name="assignment"/>; with <paramref name="end"/> the read completes there, otherwise it never does.</summary>
    public KafkaTopicReader(
        KafkaChangeLogOptions options, string topic, IReadOnlyList<TopicPartitionOffset> assignment, SnapshotEnd? end, ILogger logger)
    {
        this.topic = topic;
        this.end = end;
        this.logger = logger;
        requestTimeout = options.RequestTimeout;
        consumer = new ConsumerBuilder<string?, byte[]?>(options.ToConsumerConfig(endOfPartitionEvents: end is not null))
            .SetErrorHandler((_, error) => KafkaLog.ClientError(logger, "consumer of " + topic, error))
            .SetLogHandler((_, message) => KafkaLog.Forward(logger, message))
            .Build();
        foreach (var start in assignment)
        {
            nextOffsets[start.Partition.Value] = start.Offset.Value;
        }

        try
        {
            consumer.Assign(assignment);
        }
        catch
        {
            consumer.Dispose();
            throw;
        }

        new Thread(Run) { IsBackground = true, Name = "kafka " + topic }.Start();
    }

    /// <summary>The records in offset order per partition; ends with the read's error if it failed.</summary>
    public async IAsyncEnumerable<LogRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var record in chunk)
            {
                yield return record;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await stopped.Task;
        stop.Dispose();
    }

    private void Run()
    {
        var chunk = new List<LogRecord>(ChunkSize);
        try
        {
            while (end is not { IsComplete: true })
            {
                // Waits for the first record of a chunk only: the chunk goes as soon as nothing more is already fetched.
                var (consumed, record) = Next(wait: chunk.Count == 0);
                if (record is not null)
                {
                    chunk.Add(record);
                }

                if (chunk.Count == ChunkSize || (!consumed && chunk.Count > 0))
                {
                    chunks.Writer.WriteChunk(chunk, stop.Token);
                }
            }

            chunks.Writer.WriteChunk(chunk, stop.Token);
            chunks.Writer.TryComplete();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            chunks.Writer.TryComplete();
        }
        catch (Exception error)
        {
            // The records read before the error go first: after a truncation they may exist nowhere else.
            try
            {
                chunks.Writer.WriteChunk(chunk, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopping: nobody reads them.
            }

            chunks.Writer.TryComplete(error);
        }
        finally
        {
            consumer.Dispose();
            stopped.SetResult();
        }
    }

    /// <summary>
    /// The next record, waiting for one when <paramref name="wait"/>, else only taking what the client has fetched;
    /// <c>Consumed</c> is false when nothing was there (an end-of-partition event or a logged error is something).
    /// </summary>
    private (bool Consumed, LogRecord? Record) Next(bool wait)
    {
        ConsumeResult<string?, byte[]?>? result;
        try
        {
            result = wait ? consumer.Consume(stop.Token) : consumer.Consume(TimeSpan.Zero);
        }
        catch (ConsumeException error) when (error.Error.Code is ErrorCode.Local_AutoOffsetReset or ErrorCode.OffsetOutOfRange)
        {
            throw OutOfRange(error);
        }
        catch (ConsumeException error) when (!error.Error.IsFatal)
        {
            KafkaLog.ConsumeError(logger, topic, error.Error.Code, error.Error.Reason);
            return (true, null);
        }

        if (result is null)
        {
            return (false, null);
        }

        var partition = result.Partition.Value;
        if (result.IsPartitionEOF)
        {
            end?.EndOfPartition(partition, result.Offset.Value);
            return (true, null);
        }

        if (end is not null && !end.Accept(partition, result.Offset.Value))
        {
            return (true, null);
        }

        nextOffsets[partition] = result.Offset.Value + 1;
        var message = result.Message;

        // A record without a key is malformed for the change log; an empty key lets the consumer of the log
        // reject it with a logged reason instead of losing its place in the partition.
        return (true, new LogRecord(
            message.Key ?? string.Empty,
            message.Value,
            new LogPosition(partition, result.Offset.Value),
            DateTimeOffset.FromUnixTimeMilliseconds(message.Timestamp.UnixTimestampMs)));
    }

    // With auto.offset.reset=error librdkafka reports a fetch outside the log instead of jumping elsewhere.
    private Exception OutOfRange(ConsumeException error)
    {
        var partition = error.ConsumerRecord?.Partition.Value ?? -1;
        if (!nextOffsets.TryGetValue(partition, out var requested) || requested < 0)
        {
            return new InvalidOperationException($"Reading Kafka topic {topic} failed: {error.Error.Reason}", error);
        }

        var logStart = consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition), requestTimeout).Low;
        return requested < logStart
            ? new LogTruncatedException(partition, requested, logStart)
            : new InvalidOperationException(
                $"Kafka topic {topic} partition {partition} no longer has offset {requested} although its log starts at "
                + $"{logStart}: the partition lost records at its end (unclean leader election?). {error.Error.Reason}",
                error);
    }
}
