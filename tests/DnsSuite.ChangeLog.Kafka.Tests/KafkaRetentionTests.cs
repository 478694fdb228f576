using Confluent.Kafka;
using DnsSuite.TestSupport.ChangeLog;
using DnsSuite.KafkaMock;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.ChangeLog.Kafka.Tests;

/// <summary>
/// Retention for real: the mock cluster deletes a partition's oldest record batches once it holds more than
/// 5 MiB, which moves the log start the way Kafka's retention does.
/// </summary>
public sealed class KafkaRetentionTests
{
    private const string Zone = "example.com.";
    private KafkaMockCluster cluster = null!;
    private KafkaChangeLogOptions options = null!;
    private KafkaChangeLog log = null!;
    private PartitionOffsets range = null!;

    [OneTimeSetUp]
    public async Task FillAPartitionPastTheMockRetentionAsync()
    {
        cluster = new KafkaMockCluster();
        options = KafkaTestTopics.Create(cluster, partitions: 2);
        log = new KafkaChangeLog(options);
        var value = new byte[512 * 1024];
        for (var i = 0; i < 2 * KafkaMockCluster.RetainedBytesPerPartition / value.Length; i++)
        {
            value[0] = (byte)i;

            // One append at a time, so each record is its own batch and retention deletes records one by one.
            await log.AppendChangeAsync(Zone, value, CancellationToken.None);
        }

        range = (await log.GetChangeOffsetsAsync(CancellationToken.None)).Single(p => p.Partition == KafkaPartitioner.Partition(Zone, 2));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await log.DisposeAsync();
        cluster.Dispose();
    }

    [Test]
    public void GetChangeOffsets_ReportsTheLogStartThatRetentionMoved()
    {
        range.LogStartOffset.ShouldBeGreaterThan(0);
        range.HighWatermark.ShouldBe(20);
    }

    [Test]
    public async Task Read_BelowTheLogStart_ThrowsLogTruncated()
    {
        await using var tail = LogTail.From(log, new LogPosition(range.Partition, range.LogStartOffset - 1));

        var error = await Should.ThrowAsync<LogTruncatedException>(tail.NextAsync);

        error.Partition.ShouldBe(range.Partition);
        error.Requested.ShouldBe(range.LogStartOffset - 1);
        error.LogStart.ShouldBe(range.LogStartOffset);
    }

    [Test]
    public async Task Read_FromTheLogStart_YieldsTheRetainedRecords()
    {
        await using var tail = LogTail.From(log, new LogPosition(range.Partition, range.LogStartOffset));

        var read = await tail.TakeAsync((int)(range.HighWatermark - range.LogStartOffset));

        read.Select(r => r.Position.Offset).ShouldBe(Enumerable.Range((int)range.LogStartOffset, read.Count).Select(i => (long)i));
        read.Select(r => r.Value![0]).ShouldBe(read.Select(r => (byte)r.Position.Offset));
    }

    // The reader's own mapping, for a log start that moves after the explicit check: the consumer's fetch is
    // refused (auto.offset.reset=error) and that refusal becomes LogTruncatedException.
    [Test]
    public async Task Consumer_FetchingBelowTheLogStart_EndsTheReadWithLogTruncated()
    {
        var below = new TopicPartitionOffset(options.ChangesTopic, range.Partition, 0);
        await using var reader = new KafkaTopicReader(options, options.ChangesTopic, [below], end: null, NullLogger.Instance);

        var error = await Should.ThrowAsync<LogTruncatedException>(async () =>
        {
            await foreach (var record in reader.ReadAllAsync(CancellationToken.None))
            {
                Assert.Fail($"Read offset {record.Position.Offset} although offset 0 was deleted.");
            }
        }).WaitAsync(TimeSpan.FromSeconds(30));

        error.Requested.ShouldBe(0);
        error.LogStart.ShouldBe(range.LogStartOffset);
    }
}
