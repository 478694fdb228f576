using System.Text;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Protocol;
using DnsSuite.Zones;
using DnsSuite.Zones.Journal;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

/// <summary>The bounded history a snapshot carries, so that a restarted primary keeps serving IXFR.</summary>
public class SnapshotJournalTests
{
    private static readonly DomainName Origin = DomainName.Parse(Apex);

    private static SnapshotWriterOptions Options(int maxChangesets = 1000, int maxValueBytes = 1_000_000) => new()
    {
        EveryRecords = int.MaxValue,
        EveryInterval = TimeSpan.MaxValue,
        MaxValueBytes = maxValueBytes,
        Journal = new JournalOptions { MaxChangesets = maxChangesets, MaxBytes = 128 * 1024 },
    };

    private static string Add(int i) => Ops($$"""{"op":"ADD","name":"host{{i}}","ttl":300,"type":"A","rdata":"192.0.2.{{i % 250}}"}""");

    private static async Task AppendAsync(IChangeLog log, IEnumerable<string> messages)
    {
        foreach (string json in messages)
        {
            await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(json), CancellationToken.None);
        }
    }

    private static async Task<ZoneState> RunAsync(InMemoryChangeLog log, SnapshotWriterOptions options, bool writeSnapshots)
    {
        var primary = new Primary(log, options);
        await primary.StartAsync();
        await primary.CatchUpAndStopAsync();
        if (writeSnapshots)
        {
            await primary.Writer.WriteAllAsync(CancellationToken.None);
        }

        primary.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        return state;
    }

    private static (uint From, uint To)[] Serials(ZoneState state) => [.. state.Zone.Journal.ToArray().Select(c => (c.From.Serial, c.To.Serial))];

    private static string Describe(IEnumerable<Changeset> history) => string.Join("\n", history.Select(c =>
        $"{c.From.Serial}->{c.To.Serial} ttl {c.SoaTtl} -[{string.Join(", ", c.Removed)}] +[{string.Join(", ", c.Added)}]"));

    [Test]
    public async Task Restart_FromSnapshot_KeepsTheCarriedHistory_EqualToAnUninterruptedPrimarys()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        SnapshotWriterOptions options = Options(maxChangesets: 4);
        await AppendAsync(log, [Create(), .. Enumerable.Range(1, 6).Select(Add), Ops("""{"op":"DEL","name":"host2"}""")]);
        await RunAsync(log, options, writeSnapshots: true);

        await AppendAsync(log, [Add(7), Add(8)]);
        ZoneState restarted = await RunAsync(log, options, writeSnapshots: false);
        await using var fresh = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(fresh, [Create(), .. Enumerable.Range(1, 6).Select(Add), Ops("""{"op":"DEL","name":"host2"}"""), Add(7), Add(8)]);
        ZoneState uninterrupted = await RunAsync(fresh, options, writeSnapshots: false);

        Serials(restarted).ShouldBe([(6u, 7u), (7u, 8u), (8u, 9u), (9u, 10u)]);
        Describe(restarted.Zone.Journal.ToArray()).ShouldBe(Describe(uninterrupted.Zone.Journal.ToArray()));
        ZoneSnapshotCodec.Encode(restarted, restarted.Zone.Journal.Options, 1_000_000).Single().Value.ShouldBe(ZoneSnapshotCodec.Encode(uninterrupted, uninterrupted.Zone.Journal.Options, 1_000_000).Single().Value);
    }

    [Test]
    public async Task SnapshotWithoutJournal_AsWrittenBeforeItExisted_LoadsWithoutHistory()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, [Create(), Add(1)]);
        string zonefile = $"{Apex}\t3600\tIN\tSOA\tns1.{Apex} hostmaster.{Apex} 2 3600 600 1209600 300\n{Apex}\t3600\tIN\tNS\tns1.{Apex}\nhost1.{Apex}\t300\tIN\tA\t192.0.2.1\nns1.{Apex}\t3600\tIN\tA\t192.0.2.53\n";
        byte[] old = ChangeLogJson.Serialize(new ZoneSnapshot { Zone = Apex, Serial = 2, SerialPolicy = SerialPolicy.Increment, Position = new LogPosition(0, 1), Zonefile = zonefile });
        Encoding.UTF8.GetString(old).ShouldNotContain("journal");
        await log.WriteSnapshotAsync(Apex, old, CancellationToken.None);
        await AppendAsync(log, [Add(2)]);

        ZoneState state = await RunAsync(log, Options(), writeSnapshots: false);

        state.Version.Serial.ShouldBe(3u);
        Serials(state).ShouldBe([(2u, 3u)]);
    }

    [Test]
    public async Task SnapshotWithABrokenJournal_LoadsTheZone_WithoutHistory()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, [Create(), Add(1), Add(2)]);
        ZoneState written = await RunAsync(log, Options(), writeSnapshots: false);
        ZoneSnapshotCodec.TryDecodeJournal(Snapshot(written, 1_000_000), written.Version, out _, out _).ShouldBeTrue();
        ZoneSnapshot snapshot = Snapshot(written, 1_000_000);
        ZoneSnapshot broken = snapshot with { Journal = [snapshot.Journal![0] with { Added = "host1 300 IN A not-an-address\n" }, snapshot.Journal[1]] };
        ZoneSnapshot gap = snapshot with { Journal = [snapshot.Journal[0]] };

        ZoneSnapshotCodec.TryDecodeJournal(broken, written.Version, out _, out string? error).ShouldBeFalse();
        error.ShouldStartWith("journal entry 0:");
        ZoneSnapshotCodec.TryDecodeJournal(gap, written.Version, out _, out error).ShouldBeFalse();
        error.ShouldBe("the journal ends at serial 2, not at the zone's serial 3");

        await log.WriteSnapshotAsync(Apex, ChangeLogJson.Serialize(broken), CancellationToken.None);
        ZoneState restarted = await RunAsync(log, Options(), writeSnapshots: false);
        restarted.Version.Serial.ShouldBe(3u);
        restarted.Zone.Journal.Count.ShouldBe(0);
    }

    [Test]
    public async Task ChunkedSnapshot_DropsTheOldestHistory_UntilTheManifestFits()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await AppendAsync(log, [Create(), .. Enumerable.Range(1, 20).Select(Add)]);
        ZoneState state = await RunAsync(log, Options(), writeSnapshots: false);
        const int MaxValueBytes = 1500;

        IReadOnlyList<KeyValuePair<string, byte[]>> values = ZoneSnapshotCodec.Encode(state, state.Zone.Journal.Options, MaxValueBytes);

        values.ShouldAllBe(v => v.Value.Length <= MaxValueBytes);
        ZoneSnapshot manifest = Snapshot(values);
        manifest.Chunks.ShouldNotBeNull();
        manifest.Journal.ShouldNotBeNull();
        manifest.Journal.Count.ShouldBeInRange(1, 19);
        ZoneSnapshotCodec.TryDecodeJournal(manifest, state.Version, out IReadOnlyList<Changeset>? history, out _).ShouldBeTrue();
        Describe(history).ShouldBe(Describe(state.Zone.Journal.ToArray()[^history.Count..]));
    }

    private static ZoneSnapshot Snapshot(ZoneState state, int maxValueBytes) => Snapshot(ZoneSnapshotCodec.Encode(state, state.Zone.Journal.Options, maxValueBytes));

    private static ZoneSnapshot Snapshot(IReadOnlyList<KeyValuePair<string, byte[]>> values)
    {
        ChangeLogJson.TryParseSnapshot(values[^1].Value, out ZoneSnapshot? snapshot, out string? error).ShouldBeTrue(error);
        return snapshot;
    }
}
