using System.Buffers.Binary;
using System.Text;
using DnsSuite.ChangeLog.Embedded;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.ChangeLog;

namespace DnsSuite.ChangeLog.Tests.Embedded;

/// <summary>What only a log on disk has: durability, recovery, several processes on one directory, file names.</summary>
public sealed class EmbeddedChangeLogTests
{
    private TempDir directory = null!;

    private string ChangesPath => directory.Combine(EmbeddedChangeLog.ChangesFileName);

    [SetUp]
    public void CreateDirectory() => directory = new TempDir("embedded-log");

    [TearDown]
    public void DeleteDirectory() => directory.Dispose();

    [Test]
    public async Task Records_Snapshots_AndLogStart_SurviveAReopen()
    {
        await using (var log = await OpenAsync())
        {
            for (var i = 0; i < 4; i++)
            {
                await log.AppendChangeAsync("example.com.", Value($"change {i}"), CancellationToken.None);
            }

            await log.TruncateBeforeAsync(1, CancellationToken.None);
            await log.WriteSnapshotAsync("example.com.", Value("zone"), CancellationToken.None);
            await log.WriteSnapshotAsync("example.net.", Value("gone soon"), CancellationToken.None);
            await log.WriteSnapshotAsync("example.net.", null, CancellationToken.None);
        }

        await using var reopened = await OpenAsync();

        (await reopened.GetChangeOffsetsAsync(CancellationToken.None)).ShouldBe([new PartitionOffsets(0, 1, 4)]);
        await using var tail = LogTail.FromStart(reopened);
        (await tail.TakeAsync(3)).Select(r => Text(r.Value)).ShouldBe(["change 1", "change 2", "change 3"]);
        (await SnapshotsAsync(reopened)).ShouldBe(new Dictionary<string, string> { ["example.com."] = "zone" });
        (await reopened.AppendChangeAsync("example.com.", Value("change 4"), CancellationToken.None)).ShouldBe(new LogPosition(0, 4));
    }

    // Reading goes through a 64 KiB read-ahead window: records smaller and larger than it, straddling its edges,
    // and records appended while a reader tails (whose bytes must not come from a window read before they existed).
    [Test]
    public async Task RecordsOfEverySize_ReadWhileTailingAndAfterAReopen_AreReturnedExactly()
    {
        int[] sizes = [1, 10, 70_000, 3, 65_500, 200_000, 17, 40_000, 40_000, 40_000, 5];
        byte[] Payload(int index) => [.. Enumerable.Range(0, sizes[index]).Select(i => (byte)(i * 31 + index))];
        await using (var log = await OpenAsync())
        {
            await using var tail = LogTail.FromStart(log);
            for (var i = 0; i < 6; i++)
            {
                await log.AppendChangeAsync("example.com.", Payload(i), CancellationToken.None);
            }

            (await tail.TakeAsync(6)).Select(r => r.Value).ShouldBe(Enumerable.Range(0, 6).Select(Payload));
            for (var i = 6; i < sizes.Length; i++)
            {
                await log.AppendChangeAsync("example.com.", Payload(i), CancellationToken.None);
                (await tail.TakeAsync(1)).Single().Value.ShouldBe(Payload(i));
            }
        }

        await using var reopened = await OpenAsync();
        await using var again = LogTail.FromStart(reopened);
        (await again.TakeAsync(sizes.Length)).Select(r => r.Value).ShouldBe(Enumerable.Range(0, sizes.Length).Select(Payload));
    }

    [Test]
    public async Task TruncatingEverything_KeepsTheLogStartAcrossAReopen()
    {
        await using (var log = await OpenAsync())
        {
            for (var i = 0; i < 3; i++)
            {
                await log.AppendChangeAsync("example.com.", Value($"change {i}"), CancellationToken.None);
            }

            await log.TruncateBeforeAsync(3, CancellationToken.None);
        }

        await using var reopened = await OpenAsync();

        (await reopened.GetChangeOffsetsAsync(CancellationToken.None)).ShouldBe([new PartitionOffsets(0, 3, 3)]);
        (await reopened.AppendChangeAsync("example.com.", Value("change 3"), CancellationToken.None)).Offset.ShouldBe(3);
    }

    [Test]
    public async Task TornLastRecord_IsRemovedAtOpen_AndOffsetsContinueAfterTheLastWholeRecord()
    {
        await AppendAndCloseAsync("one", "two", "three");
        var whole = new FileInfo(ChangesPath).Length;
        using (var file = new FileStream(ChangesPath, FileMode.Open))
        {
            file.SetLength(whole - 3);
        }

        await using var log = await OpenAsync();

        (await log.GetChangeOffsetsAsync(CancellationToken.None)).ShouldBe([new PartitionOffsets(0, 0, 2)]);
        (await log.AppendChangeAsync("example.com.", Value("three again"), CancellationToken.None)).Offset.ShouldBe(2);
        await using var tail = LogTail.FromStart(log);
        (await tail.TakeAsync(3)).Select(r => Text(r.Value)).ShouldBe(["one", "two", "three again"]);
    }

    [Test]
    public async Task GarbageAfterTheLastRecord_IsRemovedAtOpen()
    {
        await AppendAndCloseAsync("one", "two");
        var whole = new FileInfo(ChangesPath).Length;
        using (var file = new FileStream(ChangesPath, FileMode.Append))
        {
            // A frame header that promises more bytes than were written, as a crash during a write leaves.
            file.Write([0xD5, 1, 200, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7]);
        }

        await using var log = await OpenAsync();

        (await log.GetChangeOffsetsAsync(CancellationToken.None)).ShouldBe([new PartitionOffsets(0, 0, 2)]);
        new FileInfo(ChangesPath).Length.ShouldBe(whole);
    }

    [Test]
    public async Task CorruptRecordFollowedByValidOnes_RefusesToOpen_NamingTheFileAndByteOffset()
    {
        var (bytes, second) = await WriteThreeAndCorruptTheSecondAsync();

        var error = await Should.ThrowAsync<ChangeLogCorruptException>(OpenAsync);

        error.FilePath.ShouldBe(ChangesPath);
        error.ByteOffset.ShouldBe(second);
        error.Message.ShouldContain(ChangesPath);
        error.Message.ShouldContain($"byte offset {second}");
        (await File.ReadAllBytesAsync(ChangesPath)).ShouldBe(bytes);
    }

    [TestCase(0, "")]
    [TestCase(0xFFFF, "")]
    public async Task FrameWithAValidCrc_IsARecordEvenWithAnUnusableKey(int keyLength, string expectedKey)
    {
        await AppendAndCloseAsync("first");
        // A writer's mistake the layout does not forbid: its CRC holds, so it is a record (rejected later as a message).
        var body = new byte[RecordFrame.FixedBodySize + 2];
        BinaryPrimitives.WriteInt64LittleEndian(body, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(17), (ushort)keyLength);
        "{}"u8.CopyTo(body.AsSpan(RecordFrame.FixedBodySize));
        var frame = new byte[RecordFrame.HeaderSize + body.Length];
        frame[0] = RecordFrame.Magic;
        frame[1] = RecordFrame.Version;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(2), (uint)body.Length);
        body.CopyTo(frame, RecordFrame.HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(6), Crc32C.Compute(frame.AsSpan(0, 6), body));
        await using (var file = new FileStream(ChangesPath, FileMode.Append))
        {
            await file.WriteAsync(frame);
        }

        await using var log = await OpenAsync();
        await log.AppendChangeAsync("example.com.", Value("third"), CancellationToken.None);

        var records = await log.ReadChangesAsync(new Dictionary<int, long> { [0] = 0 }, CancellationToken.None).Take(3).ToListAsync();
        records.Select(r => r.Key).ShouldBe(["example.com.", expectedKey, "example.com."]);
        records.Select(r => r.Position.Offset).ShouldBe([0L, 1L, 2L]);
    }

    [Test]
    public async Task Repair_CutsAtTheLastWholeRecordAndKeepsTheRestBesideIt()
    {
        var (bytes, second) = await WriteThreeAndCorruptTheSecondAsync();

        var result = await EmbeddedLogRepair.RepairAsync(directory.Path, TimeSpan.FromSeconds(5), CancellationToken.None);

        result.ShouldNotBeNull();
        (result.Position, result.NextOffset, result.BytesCut).ShouldBe((second, 1L, bytes.Length - second));
        (await File.ReadAllBytesAsync(result.SavedTo)).ShouldBe(bytes[second..]);
        await using var log = await OpenAsync();
        (await log.GetChangeOffsetsAsync(CancellationToken.None)).ShouldBe([new PartitionOffsets(0, 0, 1)]);
        (await EmbeddedLogRepair.RepairAsync(directory.Path, TimeSpan.FromSeconds(5), CancellationToken.None)).ShouldBeNull();
    }

    [Test]
    public async Task CorruptFileHeader_RefusesToOpen()
    {
        await AppendAndCloseAsync("first");
        var bytes = await File.ReadAllBytesAsync(ChangesPath);
        bytes[14] ^= 0x01;
        await File.WriteAllBytesAsync(ChangesPath, bytes);

        var error = await Should.ThrowAsync<ChangeLogCorruptException>(OpenAsync);

        error.Message.ShouldContain("header");
    }

    [Test]
    public async Task SecondInstanceOnTheSameDirectory_SeesTheFirstOnesAppends_ByPolling()
    {
        await using var primary = await OpenAsync();
        await using var publisher = await OpenAsync();
        await using var tail = new LogTail(primary, new Dictionary<int, long> { [0] = 0 });
        var waiting = tail.NextAsync();

        var position = await publisher.AppendChangeAsync("example.com.", Value("published"), CancellationToken.None);

        var record = await waiting;
        record.Position.ShouldBe(position);
        Text(record.Value).ShouldBe("published");
        (await primary.GetChangeOffsetsAsync(CancellationToken.None)).ShouldBe([new PartitionOffsets(0, 0, 1)]);
    }

    [Test]
    public async Task SecondInstanceOnTheSameDirectory_SeesTheFirstOnesAppends_WhenTheFileSystemReportsThem_NotAtTheNextPoll()
    {
        // A poll far beyond the wait below: only the watcher can wake the reader in time, for each of several appends
        // (the reader re-arms after each one, and retries when it wakes while the appender still holds the lock).
        await using var primary = await EmbeddedChangeLog.OpenAsync(
            new EmbeddedChangeLogOptions { DataDirectory = directory.Path, PollInterval = TimeSpan.FromMinutes(10) });
        await using var publisher = await OpenAsync();
        await using var tail = new LogTail(primary, new Dictionary<int, long> { [0] = 0 });
        for (int i = 0; i < 5; i++)
        {
            var waiting = tail.NextAsync();
            var position = await publisher.AppendChangeAsync("example.com.", Value($"published {i}"), CancellationToken.None);

            var record = await waiting;
            record.Position.ShouldBe(position);
            Text(record.Value).ShouldBe($"published {i}");
        }
    }

    [Test]
    public async Task TwoInstancesAppendingAtOnce_GetDistinctDenseOffsets()
    {
        const int PerInstance = 40;
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();

        var results = await Task.WhenAll(
            AppendManyAsync(first, "a", PerInstance),
            AppendManyAsync(second, "b", PerInstance));

        results.SelectMany(r => r).Select(p => p.Offset).Order()
            .ShouldBe(Enumerable.Range(0, 2 * PerInstance).Select(i => (long)i));
        await using var tail = LogTail.FromStart(first);
        var values = (await tail.TakeAsync(2 * PerInstance)).Select(r => Text(r.Value)).ToList();
        values.Where(v => v.StartsWith('a')).ShouldBe(Enumerable.Range(0, PerInstance).Select(i => $"a{i}"));
        values.Where(v => v.StartsWith('b')).ShouldBe(Enumerable.Range(0, PerInstance).Select(i => $"b{i}"));
    }

    [Test]
    public async Task TruncationByAnotherInstance_ThrowsLogTruncated_ForAReaderThatNeedsTheDeletedRecords()
    {
        await using var primary = await OpenAsync();
        await using var other = await OpenAsync();
        for (var i = 0; i < 3; i++)
        {
            await primary.AppendChangeAsync("example.com.", Value($"change {i}"), CancellationToken.None);
        }

        await other.TruncateBeforeAsync(2, CancellationToken.None);

        await using var tail = new LogTail(primary, new Dictionary<int, long> { [0] = 0 });
        var error = await Should.ThrowAsync<LogTruncatedException>(tail.NextAsync);
        error.LogStart.ShouldBe(2);
    }

    [TestCase("example.com.")]
    [TestCase("example.com.#chunk-3")]
    [TestCase("Example.COM.")]
    [TestCase("../../etc/passwd")]
    [TestCase("a/b\\c:d*e?f\"g<h>i|j")]
    [TestCase("nul\0byte")]
    [TestCase("%41~")]
    [TestCase(".")]
    [TestCase("..")]
    [TestCase("ünïcødé.例え.")]
    [TestCase(" spaced name ")]
    public async Task SnapshotKeys_WithAnyCharacters_RoundTrip_AndStayInsideTheSnapshotsDirectory(string key)
    {
        await using (var log = await OpenAsync())
        {
            await log.WriteSnapshotAsync(key, Value("mine"), CancellationToken.None);
            await log.WriteSnapshotAsync(key.ToLowerInvariant() + "x", Value("neighbour"), CancellationToken.None);
        }

        await using var reopened = await OpenAsync();

        var snapshots = await SnapshotsAsync(reopened);
        snapshots[key].ShouldBe("mine");
        snapshots.Count.ShouldBe(2);
        Directory.GetFiles(directory.Path, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".snap", StringComparison.Ordinal))
            .ShouldAllBe(f => Path.GetDirectoryName(f) == directory.Combine(EmbeddedChangeLog.SnapshotsDirectoryName));
        await reopened.WriteSnapshotAsync(key, null, CancellationToken.None);
        (await SnapshotsAsync(reopened)).ShouldNotContainKey(key);
    }

    [Test]
    public async Task SnapshotKeysDifferingOnlyInCase_AreDistinct_AndLongKeysFit()
    {
        var longKey = string.Join('.', Enumerable.Repeat("LABEL-Of-a-long-zone-name", 12)) + "#chunk-17";
        await using var log = await OpenAsync();

        await log.WriteSnapshotAsync("example.com.", Value("lower"), CancellationToken.None);
        await log.WriteSnapshotAsync("EXAMPLE.com.", Value("upper"), CancellationToken.None);
        await log.WriteSnapshotAsync(longKey, Value("long"), CancellationToken.None);

        (await SnapshotsAsync(log)).ShouldBe(
            new Dictionary<string, string> { ["example.com."] = "lower", ["EXAMPLE.com."] = "upper", [longKey] = "long" },
            ignoreOrder: true);
    }

    [Test]
    public async Task Append_WithAKeyThatIsNotUnicode_IsRejected()
    {
        await using var log = await OpenAsync();

        await Should.ThrowAsync<ArgumentException>(() => log.AppendChangeAsync("bad\ud800.", Value("x"), CancellationToken.None));
    }

    [Test]
    public async Task Append_LargerThanTheRecordLimit_IsRejected_AndTheLogStaysUsable()
    {
        await using var log = await OpenAsync();

        await Should.ThrowAsync<ArgumentException>(
            () => log.AppendChangeAsync("example.com.", new byte[RecordFrame.MaxBodySize + 1], CancellationToken.None));

        (await log.AppendChangeAsync("example.com.", Value("small"), CancellationToken.None)).Offset.ShouldBe(0);
    }

    [Test]
    public void Crc32C_GivesTheStandardCheckValue()
    {
        Crc32C.Compute("123456789"u8).ShouldBe(0xE3069283u);
    }

    // RFC 3720 §B.4 (iSCSI's CRC-32C): 32 bytes of zeros, of 0xFF, and ascending 0x00..0x1F.
    [TestCase((byte)0x00, 0, 0x8A9136AAu)]
    [TestCase((byte)0xFF, 0, 0x62A8AB43u)]
    [TestCase((byte)0x00, 1, 0x46DD794Eu)]
    public void Crc32C_MatchesTheIscsiVectors(byte start, int step, uint expected)
    {
        byte[] data = [.. Enumerable.Range(0, 32).Select(i => (byte)(start + (i * step)))];

        Crc32C.Compute(data).ShouldBe(expected);
        Crc32C.Compute(data.AsSpan(0, 13), data.AsSpan(13)).ShouldBe(expected);
    }

    private static byte[] Value(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[]? value) => value is null ? "<tombstone>" : Encoding.UTF8.GetString(value);

    private static int FrameSize(string key, string value) =>
        RecordFrame.HeaderSize + RecordFrame.FixedBodySize + Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);

    private static async Task<List<LogPosition>> AppendManyAsync(IChangeLog log, string prefix, int count)
    {
        var positions = new List<LogPosition>();
        for (var i = 0; i < count; i++)
        {
            positions.Add(await log.AppendChangeAsync("example.com.", Value($"{prefix}{i}"), CancellationToken.None));
        }

        return positions;
    }

    private static async Task<Dictionary<string, string>> SnapshotsAsync(IChangeLog log)
    {
        var latest = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var record in log.ReadSnapshotsAsync(CancellationToken.None))
        {
            latest[record.Key] = Text(record.Value);
        }

        return latest;
    }

    /// <summary>Three records, the last octet of the second flipped: the file's bytes and the second record's byte offset.</summary>
    private async Task<(byte[] Bytes, int Second)> WriteThreeAndCorruptTheSecondAsync()
    {
        await AppendAndCloseAsync("first", "second", "third");
        var bytes = await File.ReadAllBytesAsync(ChangesPath);
        var second = 32 + FrameSize("example.com.", "first");
        bytes[second + FrameSize("example.com.", "second") - 1] ^= 0xFF;
        await File.WriteAllBytesAsync(ChangesPath, bytes);
        return (bytes, second);
    }

    private Task<EmbeddedChangeLog> OpenAsync() =>
        EmbeddedChangeLog.OpenAsync(new EmbeddedChangeLogOptions { DataDirectory = directory.Path, PollInterval = TimeSpan.FromMilliseconds(20) });

    private async Task AppendAndCloseAsync(params string[] values)
    {
        await using var log = await OpenAsync();
        foreach (var value in values)
        {
            await log.AppendChangeAsync("example.com.", Value(value), CancellationToken.None);
        }
    }
}
