using System.Text;
using DnsSuite.ChangeLog;
using NUnit.Framework;
using Shouldly;

namespace DnsSuite.TestSupport.ChangeLog;

/// <summary>
/// The change-log contract (docs/change-log.md), run against every <see cref="IChangeLog"/> implementation by a
/// derived fixture. Offsets are checked per partition: the embedded log has one, the in-memory log several.
/// </summary>
public abstract class ChangeLogContractTests
{
    protected static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private IChangeLog? log;

    protected ManualTimeProvider Clock { get; private set; } = null!;

    protected IChangeLog Log => log ?? throw new InvalidOperationException("The log is not open.");

    [SetUp]
    public async Task OpenLogAsync()
    {
        Clock = new ManualTimeProvider(Start);
        await PrepareAsync();
        log = await OpenAsync();
    }

    [TearDown]
    public async Task CloseLogAsync()
    {
        if (log is not null)
        {
            await log.DisposeAsync();
            log = null;
        }
    }

    [Test]
    public async Task Append_AssignsDenseOffsetsFromZero_InEachPartition()
    {
        var positions = new List<LogPosition>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var zone in Zones)
            {
                positions.Add(await Log.AppendChangeAsync(zone, Value($"{zone} {round}"), CancellationToken.None));
            }
        }

        foreach (var partition in positions.GroupBy(p => p.Partition))
        {
            partition.Select(p => p.Offset).ShouldBe(Enumerable.Range(0, partition.Count()).Select(i => (long)i));
        }
    }

    [Test]
    public async Task Read_FromLogStart_YieldsEveryRecordInAppendOrder_AtItsAppendPosition()
    {
        var appended = new List<(string Key, string Value, LogPosition Position)>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var zone in Zones)
            {
                var value = $"{{\"zone\":\"{zone}\",\"round\":{round}}}";
                appended.Add((zone, value, await Log.AppendChangeAsync(zone, Value(value), CancellationToken.None)));
            }
        }

        await using var tail = LogTail.FromStart(Log);
        var read = await tail.TakeAsync(appended.Count);

        foreach (var partition in appended.GroupBy(a => a.Position.Partition))
        {
            var seen = read.Where(r => r.Position.Partition == partition.Key)
                .Select(r => (r.Key, Text(r.Value), r.Position));
            seen.ShouldBe(partition);
        }
    }

    [Test]
    public async Task Read_FromAnOffset_StartsAtThatRecord()
    {
        LogPosition last = default;
        for (var i = 0; i < 5; i++)
        {
            last = await Log.AppendChangeAsync("example.com.", Value($"change {i}"), CancellationToken.None);
        }

        await using var tail = LogTail.From(Log, last with { Offset = 3 });
        var read = await tail.TakeAsync(2);

        read.Select(r => r.Position.Offset).ShouldBe([3L, 4L]);
        read.Select(r => Text(r.Value)).ShouldBe(["change 3", "change 4"]);
    }

    [Test]
    public async Task Tail_SeesRecordsAppendedAfterItStarted()
    {
        var first = await Log.AppendChangeAsync("example.com.", Value("before"), CancellationToken.None);
        await using var tail = LogTail.From(Log, first with { Offset = first.Offset + 1 });
        var waiting = tail.NextAsync();

        var second = await Log.AppendChangeAsync("example.com.", Value("after"), CancellationToken.None);

        var record = await waiting;
        record.Position.ShouldBe(second);
        Text(record.Value).ShouldBe("after");
    }

    [Test]
    public async Task ConcurrentAppenders_GetDistinctDenseOffsets_AndKeepEachWritersOrder()
    {
        const int Writers = 8;
        const int PerWriter = 25;
        var appends = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var positions = new List<LogPosition>();
            for (var i = 0; i < PerWriter; i++)
            {
                positions.Add(await Log.AppendChangeAsync("example.com.", Value($"{w}:{i}"), CancellationToken.None));
            }

            return positions;
        }));
        var positions = (await Task.WhenAll(appends)).SelectMany(p => p).ToList();

        positions.Select(p => p.Offset).Order().ShouldBe(Enumerable.Range(0, Writers * PerWriter).Select(i => (long)i));
        positions.Select(p => p.Partition).Distinct().ShouldHaveSingleItem();
        await using var tail = LogTail.From(Log, positions[0] with { Offset = 0 });
        var read = await tail.TakeAsync(Writers * PerWriter);
        read.Select(r => r.Position.Offset).ShouldBe(Enumerable.Range(0, Writers * PerWriter).Select(i => (long)i));
        for (var w = 0; w < Writers; w++)
        {
            var prefix = $"{w}:";
            read.Select(r => Text(r.Value)).Where(v => v.StartsWith(prefix, StringComparison.Ordinal))
                .ShouldBe(Enumerable.Range(0, PerWriter).Select(i => $"{w}:{i}"));
        }
    }

    [Test]
    public async Task GetChangeOffsets_ReportsLogStartAndHighWatermarkOfEveryPartition()
    {
        var empty = await Log.GetChangeOffsetsAsync(CancellationToken.None);
        empty.ShouldNotBeEmpty();
        empty.ShouldAllBe(p => p.LogStartOffset == 0 && p.HighWatermark == 0);

        var positions = new List<LogPosition>();
        foreach (var zone in Zones)
        {
            positions.Add(await Log.AppendChangeAsync(zone, Value(zone), CancellationToken.None));
        }

        var offsets = await Log.GetChangeOffsetsAsync(CancellationToken.None);
        offsets.Select(p => p.Partition).ShouldBe(empty.Select(p => p.Partition));
        foreach (var partition in offsets)
        {
            partition.LogStartOffset.ShouldBe(0);
            partition.HighWatermark.ShouldBe(positions.Count(p => p.Partition == partition.Partition));
        }
    }

    [TestCase(5)]
    [TestCase(-1)]
    public async Task Read_OutsideTheLog_IsRejected(long offset)
    {
        var position = await Log.AppendChangeAsync("example.com.", Value("only"), CancellationToken.None);

        await using var tail = LogTail.From(Log, position with { Offset = offset });

        await Should.ThrowAsync<ArgumentOutOfRangeException>(tail.NextAsync);
    }

    [Test]
    public async Task Read_OfAPartitionThatDoesNotExist_IsRejected()
    {
        await using var tail = new LogTail(Log, new Dictionary<int, long> { [99] = 0 });

        await Should.ThrowAsync<ArgumentOutOfRangeException>(tail.NextAsync);
    }

    [Test]
    public async Task TruncateBefore_ReadingBelowTheLogStart_ThrowsLogTruncated_AndTheRestStaysReadable()
    {
        LogPosition last = default;
        for (var i = 0; i < 5; i++)
        {
            last = await Log.AppendChangeAsync("example.com.", Value($"change {i}"), CancellationToken.None);
        }

        await TruncateBeforeAsync(Log, last.Partition, 3);

        var offsets = (await Log.GetChangeOffsetsAsync(CancellationToken.None)).Single(p => p.Partition == last.Partition);
        offsets.ShouldBe(new PartitionOffsets(last.Partition, 3, 5));
        await using (var behind = LogTail.From(Log, last with { Offset = 1 }))
        {
            var error = await Should.ThrowAsync<LogTruncatedException>(behind.NextAsync);
            error.Partition.ShouldBe(last.Partition);
            error.Requested.ShouldBe(1);
            error.LogStart.ShouldBe(3);
        }

        await using var fromStart = LogTail.FromStart(Log);
        var read = await fromStart.TakeAsync(2);
        read.Select(r => Text(r.Value)).ShouldBe(["change 3", "change 4"]);
        read.Select(r => r.Position).ShouldBe([last with { Offset = 3 }, last]);
    }

    [Test]
    public async Task TruncateBefore_TheLogStartOrEarlier_ChangesNothing()
    {
        var position = await Log.AppendChangeAsync("example.com.", Value("kept"), CancellationToken.None);

        await TruncateBeforeAsync(Log, position.Partition, 0);

        await using var tail = LogTail.From(Log, position);
        Text((await tail.NextAsync()).Value).ShouldBe("kept");
    }

    [Test]
    public async Task Timestamps_AreTheAppendTime_AndSurviveAReopen()
    {
        var first = Start.AddMinutes(1);
        var second = Start.AddMinutes(2).AddMilliseconds(345);
        Clock.SetUtcNow(first);
        var position = await Log.AppendChangeAsync("example.com.", Value("one"), CancellationToken.None);
        Clock.SetUtcNow(second);
        await Log.AppendChangeAsync("example.com.", Value("two"), CancellationToken.None);
        Clock.SetUtcNow(Start.AddHours(5));

        log = await ReopenAsync(Log);

        await using var tail = LogTail.From(Log, position);
        var read = await tail.TakeAsync(2);
        read.Select(r => r.Timestamp).ShouldBe([first, second]);
    }

    [Test]
    public async Task Timestamps_NeverGoBackwards_WhenTheClockSteps()
    {
        Clock.SetUtcNow(Start.AddHours(1));
        var position = await Log.AppendChangeAsync("example.com.", Value("one"), CancellationToken.None);
        Clock.SetUtcNow(Start);
        await Log.AppendChangeAsync("example.com.", Value("two"), CancellationToken.None);

        await using var tail = LogTail.From(Log, position);
        var read = await tail.TakeAsync(2);
        read[1].Timestamp.ShouldBe(read[0].Timestamp);
    }

    [Test]
    public async Task Snapshots_LastValueWins_AndATombstoneDeletesTheKey()
    {
        await Log.WriteSnapshotAsync("example.com.", Value("v1"), CancellationToken.None);
        await Log.WriteSnapshotAsync("example.net.", Value("n1"), CancellationToken.None);
        await Log.WriteSnapshotAsync("example.com.", Value("v2"), CancellationToken.None);
        await Log.WriteSnapshotAsync("example.net.", null, CancellationToken.None);
        await Log.WriteSnapshotAsync("example.com.#chunk-3", Value("c3"), CancellationToken.None);

        var latest = await LatestSnapshotsAsync(Log);

        latest.ShouldBe(
            new Dictionary<string, string> { ["example.com."] = "v2", ["example.com.#chunk-3"] = "c3" },
            ignoreOrder: true);
    }

    [Test]
    public async Task Snapshots_CarryTheTimeTheyWereWritten()
    {
        Clock.SetUtcNow(Start.AddSeconds(7));

        await Log.WriteSnapshotAsync("example.com.", Value("v1"), CancellationToken.None);

        var record = await SingleSnapshotAsync(Log);
        record.Timestamp.ShouldBe(Start.AddSeconds(7));
        record.Key.ShouldBe("example.com.");
    }

    [Test]
    public async Task ReadSnapshots_OfAnEmptyLog_CompletesWithNothing()
    {
        (await LatestSnapshotsAsync(Log)).ShouldBeEmpty();
    }

    [Test]
    public async Task Append_AfterDispose_IsRejected()
    {
        await Log.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(
            () => Log.AppendChangeAsync("example.com.", Value("late"), CancellationToken.None));
    }

    protected static readonly string[] Zones = ["example.com.", "example.net.", "example.org.", "zone-a.test.", "zone-b.test."];

    protected static byte[] Value(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(byte[]? value) => value is null ? "<tombstone>" : Encoding.UTF8.GetString(value);

    protected static async Task<Dictionary<string, string>> LatestSnapshotsAsync(IChangeLog log)
    {
        var latest = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var record in log.ReadSnapshotsAsync(CancellationToken.None))
        {
            if (record.Value is null)
            {
                latest.Remove(record.Key);
            }
            else
            {
                latest[record.Key] = Text(record.Value);
            }
        }

        return latest;
    }

    protected static async Task<LogRecord> SingleSnapshotAsync(IChangeLog log)
    {
        var records = new List<LogRecord>();
        await foreach (var record in log.ReadSnapshotsAsync(CancellationToken.None))
        {
            records.Add(record);
        }

        return records.ShouldHaveSingleItem();
    }

    /// <summary>Runs before each test, before the log is opened.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Opens the implementation under test, with <see cref="Clock"/> as its clock.</summary>
    protected abstract Task<IChangeLog> OpenAsync();

    /// <summary>Closes and reopens <paramref name="current"/> on the same storage; a log without storage returns itself.</summary>
    protected abstract Task<IChangeLog> ReopenAsync(IChangeLog current);

    /// <summary>Applies retention to one partition.</summary>
    protected abstract Task TruncateBeforeAsync(IChangeLog current, int partition, long offset);
}
