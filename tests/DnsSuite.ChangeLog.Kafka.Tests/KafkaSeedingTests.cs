using DnsSuite.Primary.Materialization;
using DnsSuite.Primary.Seeding;
using DnsSuite.Protocol;
using DnsSuite.TestSupport;
using DnsSuite.KafkaMock;
using DnsSuite.TestSupport.Zones;
using DnsSuite.Zones;

namespace DnsSuite.ChangeLog.Kafka.Tests;

/// <summary>Zone files seeded into Kafka whose CREATE_ZONE message is larger than the producer's message.max.bytes.</summary>
public sealed class KafkaSeedingTests
{
    private const int LargeZoneHosts = 30_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static string SmallZone => "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n";

    private static TempDir ZoneFolder()
    {
        var dir = new TempDir();
        dir.WriteFile("zones/a.test.zone", SmallZone);
        dir.WriteFile("zones/large.test.zone", LargeZoneFiles.Hosts(LargeZoneHosts, serial: 7)); // a message of about 1.4 MB
        dir.WriteFile("zones/z.test.zone", SmallZone);
        return dir;
    }

    [Test]
    public async Task Seeding_AZoneFileAboveTheMessageLimit_ReportsFileSizeAndLimit_AndSeedsTheOtherFiles()
    {
        using var cluster = new KafkaMockCluster();
        using TempDir dir = ZoneFolder();
        await using var primary = await IngestingPrimary.StartAsync(new KafkaChangeLog(KafkaTestTopics.Create(cluster, partitions: 2)));
        var seeder = new ZoneFileSeeder(primary.Log, primary.Table, dir.Combine("zones"), dir.Combine("data/" + ZoneFileSeeder.StateFileName));

        SeedReport report = await seeder.SeedAsync(CancellationToken.None);

        (string file, string error) = report.Failed.ShouldHaveSingleItem();
        file.ShouldBe(dir.Combine("zones/large.test.zone"));
        error.ShouldMatch(@"^the change message for zone large\.test\. is 1,\d{3},\d{3} bytes, more than Kafka accepts: the producer's message\.max\.bytes is 1,000,000 ");
        error.ShouldContain("--kafka-property message.max.bytes=2000000");
        error.ShouldContain("max.message.bytes=2000000 on the topic");
        report.Appended.Select(result => (result.Zone.ToString(), result.Action)).ShouldBe([("a.test.", SeedAction.Created), ("z.test.", SeedAction.Created)]);
        await primary.ServesAsync("a.test.", "z.test.");
        primary.Table.TryGet(DomainName.Parse("large.test."), out _).ShouldBeFalse();
        string state = await File.ReadAllTextAsync(seeder.StateFile);
        state.ShouldContain("a.test.zone");
        state.ShouldContain("z.test.zone");
        state.ShouldNotContain("large.test.zone", customMessage: "not seeded: the next pass tries it again");
    }

    [Test]
    public async Task Seeding_AfterTheLimitIsRaised_SeedsTheLargeZone_WhichIsServedAndRestoredFromItsSnapshot()
    {
        using var cluster = new KafkaMockCluster();
        using TempDir dir = ZoneFolder();
        KafkaChangeLogOptions options = KafkaTestTopics.Create(cluster, partitions: 2);
        string stateFile = dir.Combine("data/" + ZoneFileSeeder.StateFileName);
        await using (var refused = await IngestingPrimary.StartAsync(new KafkaChangeLog(options)))
        {
            (await new ZoneFileSeeder(refused.Log, refused.Table, dir.Combine("zones"), stateFile).SeedAsync(CancellationToken.None)).Failed.Count.ShouldBe(1);
            await refused.ServesAsync("a.test.", "z.test.");
        }

        options.ClientProperties["message.max.bytes"] = "2000000";
        await using (var raised = await IngestingPrimary.StartAsync(new KafkaChangeLog(options)))
        {
            SeedReport report = await new ZoneFileSeeder(raised.Log, raised.Table, dir.Combine("zones"), stateFile).SeedAsync(CancellationToken.None);

            report.Failed.ShouldBeEmpty();
            report.Appended.Select(result => (result.Zone.ToString(), result.Action)).ShouldBe([("large.test.", SeedAction.Created)]);
            report.Unchanged.ShouldBe(2);
            await raised.ServesAsync("large.test.");
            raised.Zone("large.test.").Serial.ShouldBe(7u);
            raised.Zone("large.test.").RecordCount.ShouldBe(LargeZoneHosts + 3);
            await raised.Writer.WriteAllAsync(CancellationToken.None);
        }

        await using var restarted = await IngestingPrimary.StartAsync(new KafkaChangeLog(options));
        restarted.Zone("large.test.").RecordCount.ShouldBe(LargeZoneHosts + 3, "the large zone comes back from its chunked snapshot");
    }

    /// <summary>A primary's ingestion on a Kafka log: snapshots, then the tail, into a table.</summary>
    private sealed class IngestingPrimary : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ZoneMaterializer _materializer;
        private Task _run = Task.CompletedTask;

        private IngestingPrimary(KafkaChangeLog log)
        {
            Log = log;
            _materializer = new ZoneMaterializer(new ZoneTable(), log.Description);
            Writer = new SnapshotWriter(log, _materializer, new SnapshotWriterOptions { EveryRecords = int.MaxValue, EveryInterval = TimeSpan.MaxValue });
        }

        public KafkaChangeLog Log { get; }

        public SnapshotWriter Writer { get; }

        public ZoneTable Table => _materializer.Table;

        public static async Task<IngestingPrimary> StartAsync(KafkaChangeLog log)
        {
            var primary = new IngestingPrimary(log);
            var ingestor = new ChangeLogIngestor(log, primary._materializer, primary.Writer);
            primary._run = ingestor.RunAsync(primary._stop.Token);
            await Task.WhenAny(ingestor.Ready, primary._run).WaitAsync(Timeout);
            primary._run.IsFaulted.ShouldBeFalse(primary._run.Exception?.ToString());
            return primary;
        }

        public Task ServesAsync(params string[] zones) =>
            Wait.UntilAsync(() => zones.All(zone => Table.TryGet(DomainName.Parse(zone), out _)), Timeout, "zones " + string.Join(", ", zones) + " to be served");

        public ZoneVersion Zone(string zone) => Table.TryGet(DomainName.Parse(zone), out Zone? served) ? served.Current : throw new AssertionException($"{zone} is not served");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Log.DisposeAsync();
            _stop.Dispose();
        }
    }
}
