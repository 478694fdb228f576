using DnsSuite.TestSupport.Logging;
using System.Text;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.ChangeLog;
using DnsSuite.KafkaMock;
using Microsoft.Extensions.Logging;

namespace DnsSuite.ChangeLog.Kafka.Tests;

/// <summary>What only the Kafka log has: Kafka's key partitioning, volume, tails at the high watermark, broker outages.</summary>
public sealed class KafkaChangeLogTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private KafkaMockCluster cluster = null!;

    [OneTimeSetUp]
    public void StartCluster() => cluster = new KafkaMockCluster();

    [OneTimeTearDown]
    public void StopCluster() => cluster.Dispose();

    [Test]
    public async Task Append_PutsEachZoneInThePartitionOfKafkasDefaultPartitioner()
    {
        const int Partitions = 7;
        await using var log = new KafkaChangeLog(KafkaTestTopics.Create(cluster, Partitions));

        var zones = Enumerable.Range(0, 40).Select(i => $"zone{i}.example.").ToList();
        var positions = await Task.WhenAll(zones.Select(zone => log.AppendChangeAsync(zone, Value(zone), CancellationToken.None)));

        positions.Select(p => p.Partition).ShouldBe(zones.Select(zone => KafkaPartitioner.Partition(zone, Partitions)));
        positions.Select(p => p.Partition).Distinct().Count().ShouldBeGreaterThan(1);
    }

    [Test]
    public async Task IdleLog_NeitherKeepsACoreBusyNorAllocates()
    {
        await using var log = new KafkaChangeLog(KafkaTestTopics.Create(cluster, partitions: 1));
        (await log.GetChangeOffsetsAsync(CancellationToken.None)).ShouldHaveSingleItem();
        TimeSpan cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes();
        var window = System.Diagnostics.Stopwatch.StartNew();

        // A measuring window, not a wait for anything: Confluent.Kafka 1.9.3's admin client on another client's handle
        // polled without waiting (a whole core and ~500 MB/s allocated, here and in every idle primary).
        await Task.Delay(TimeSpan.FromSeconds(2));

        double cores = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu) / window.Elapsed;
        cores.ShouldBeLessThan(0.5);
        (GC.GetTotalAllocatedBytes() - allocated).ShouldBeLessThan(50L << 20);
    }

    [Test]
    public async Task TenThousandRecords_RoundTrip_InOrder_AtTheirAppendPositions()
    {
        const int Count = 10_000;
        await using var log = new KafkaChangeLog(KafkaTestTopics.Create(cluster, partitions: 4));
        var zones = Enumerable.Range(0, 50).Select(i => $"zone{i}.example.").ToList();

        var appends = Enumerable.Range(0, Count)
            .Select(i => log.AppendChangeAsync(zones[i % zones.Count], Value($"change {i}"), CancellationToken.None))
            .ToList();
        var positions = await Task.WhenAll(appends);

        await using var tail = LogTail.FromStart(log);
        var read = await tail.TakeAsync(Count);
        var expected = Enumerable.Range(0, Count).Select(i => (zones[i % zones.Count], $"change {i}", positions[i]));
        read.Select(r => (r.Key, Text(r.Value), r.Position)).OrderBy(r => r.Item3.Partition).ThenBy(r => r.Item3.Offset)
            .ShouldBe(expected.OrderBy(e => e.Item3.Partition).ThenBy(e => e.Item3.Offset));
        foreach (var partition in read.GroupBy(r => r.Position.Partition))
        {
            partition.Select(r => r.Position.Offset).ShouldBe(Enumerable.Range(0, partition.Count()).Select(i => (long)i));
        }
    }

    [Test]
    public async Task Tail_FromTheHighWatermarks_SeesOnlyRecordsAppendedLater()
    {
        await using var log = new KafkaChangeLog(KafkaTestTopics.Create(cluster, partitions: 3));
        foreach (var zone in Zones)
        {
            await log.AppendChangeAsync(zone, Value("old " + zone), CancellationToken.None);
        }

        var ends = await log.GetChangeOffsetsAsync(CancellationToken.None);
        await using var tail = new LogTail(log, ends.ToDictionary(p => p.Partition, p => p.HighWatermark));
        var waiting = tail.NextAsync();
        foreach (var zone in Zones)
        {
            await log.AppendChangeAsync(zone, Value("new " + zone), CancellationToken.None);
        }

        var read = new List<LogRecord> { await waiting };
        read.AddRange(await tail.TakeAsync(Zones.Length - 1));
        read.Select(r => Text(r.Value)).ShouldBe(Zones.Select(zone => "new " + zone), ignoreOrder: true);
        read.ShouldAllBe(r => r.Position.Offset >= ends.Single(p => p.Partition == r.Position.Partition).HighWatermark);
    }

    [Test]
    public async Task BrokerDownAndUp_WhileAppendingAndTailing_LosesAndDuplicatesNothing()
    {
        const int PerRound = 50;
        using var ownCluster = new KafkaMockCluster();
        var logger = new RecordingLogger<KafkaChangeLog>();
        await using var log = new KafkaChangeLog(KafkaTestTopics.Create(ownCluster, partitions: 2), logger: logger);
        await Task.WhenAll(Append(log, 0, PerRound));
        await using var tail = LogTail.FromStart(log);
        var read = await tail.TakeAsync(PerRound);

        // Appends in flight when the broker goes, and appends made while it is gone.
        var appends = Append(log, PerRound, PerRound);
        var before = logger.Lines.Count;
        ownCluster.SetBrokerDown(1);
        await Wait.UntilAsync(
            () => logger.Lines.Skip(before).Any(l => l.Level == LogLevel.Warning && l.Text.StartsWith("Kafka producer:", StringComparison.Ordinal)),
            Timeout, "the producer reports the broker's outage");
        appends.AddRange(Append(log, 2 * PerRound, PerRound));
        ownCluster.SetBrokerUp(1);
        await Task.WhenAll(appends).WaitAsync(Timeout);
        read.AddRange(await tail.TakeAsync(2 * PerRound));

        read.Select(r => Text(r.Value)).ShouldBe(Enumerable.Range(0, 3 * PerRound).Select(i => $"change {i}"), ignoreOrder: true);
        foreach (var partition in read.GroupBy(r => r.Position.Partition))
        {
            partition.Select(r => r.Position.Offset).ShouldBe(Enumerable.Range(0, partition.Count()).Select(i => (long)i));
        }
    }

    [Test]
    public async Task ReadSnapshots_StopsAtTheEndSeenWhenCalled()
    {
        await using var log = new KafkaChangeLog(KafkaTestTopics.Create(cluster, partitions: 1, snapshotPartitions: 3));
        foreach (var zone in Zones)
        {
            await log.WriteSnapshotAsync(zone, Value("before " + zone), CancellationToken.None);
        }

        var read = new List<LogRecord>();
        await foreach (var record in log.ReadSnapshotsAsync(CancellationToken.None))
        {
            if (read.Count == 0)
            {
                await log.WriteSnapshotAsync("late.example.", Value("after"), CancellationToken.None);
            }

            read.Add(record);
        }

        read.Select(r => (r.Key, Text(r.Value))).ShouldBe(Zones.Select(zone => (zone, "before " + zone)), ignoreOrder: true);
    }

    [Test]
    public async Task ReadSnapshots_LeavesOutACheckpointWrittenWhileTheEndsAreQueried_AndKeepsTheOneBefore()
    {
        await using var log = new KafkaChangeLog(KafkaTestTopics.Create(cluster, partitions: 1, snapshotPartitions: 3));
        string checkpointKey = Contract.PartitionCheckpoint.KeyOf(0);
        await log.WriteSnapshotAsync("old.example.", Value("old zone"), CancellationToken.None);
        await log.WriteSnapshotAsync(checkpointKey, Value("checkpoint 1"), CancellationToken.None);
        // A primary writing a zone and then a checkpoint that relies on it while the reader queries the partitions' ends.
        log.BetweenSnapshotEndQueries = () =>
        {
            log.WriteSnapshotAsync("new.example.", Value("new zone"), CancellationToken.None).GetAwaiter().GetResult();
            log.WriteSnapshotAsync(checkpointKey, Value("checkpoint 2"), CancellationToken.None).GetAwaiter().GetResult();
        };

        var read = new List<LogRecord>();
        await foreach (var record in log.ReadSnapshotsAsync(CancellationToken.None))
        {
            read.Add(record);
        }

        read.Select(r => (r.Key, Text(r.Value))).ShouldBe(
            [("old.example.", "old zone"), (checkpointKey, "checkpoint 1"), ("new.example.", "new zone")], ignoreOrder: true);
    }

    [TestCase("enable.idempotence", "false")]
    [TestCase("isolation.level", "read_uncommitted")]
    [TestCase("dotnet.consumer.consume.result.fields", "all")]
    public void Options_ThatTheContractDependsOn_CannotBeOverridden(string property, string value)
    {
        var options = new KafkaChangeLogOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            ClientProperties = { [property] = value },
        };

        var error = Should.Throw<ArgumentException>(() => new KafkaChangeLog(options));

        error.Message.ShouldContain($"Kafka:ClientProperties:{property}");
    }

    [Test]
    public void ClientProperties_ArePassedToLibrdkafka()
    {
        var options = new KafkaChangeLogOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            ClientProperties = { ["security.protocol"] = "no-such-protocol" },
        };

        var error = Should.Throw<ArgumentException>(() => new KafkaChangeLog(options));

        error.Message.ShouldContain("security.protocol");
    }

    private static readonly string[] Zones = ["example.com.", "example.net.", "example.org.", "zone-a.test.", "zone-b.test."];

    private static List<Task<LogPosition>> Append(KafkaChangeLog log, int first, int count) =>
        Enumerable.Range(first, count)
            .Select(i => log.AppendChangeAsync(Zones[i % Zones.Length], Value($"change {i}"), CancellationToken.None))
            .ToList();

    private static byte[] Value(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[]? value) => value is null ? "<tombstone>" : Encoding.UTF8.GetString(value);
}
