using System.Text;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Primary.Seeding;
using DnsSuite.Protocol;
using DnsSuite.TestSupport;
using DnsSuite.Zones;

namespace DnsSuite.Primary.Tests.Seeding;

public sealed class ZoneFileSeederTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private const string Zone = "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n";

    [Test]
    public async Task Seed_NewFile_CreatesTheZoneWithTheFilesSerial()
    {
        await using var fixture = await Fixture.StartAsync();
        fixture.Files.WriteFile("zones/a.test.zone", Zone);

        SeedReport report = await fixture.SeedAsync();

        report.Appended.ShouldHaveSingleItem().Action.ShouldBe(SeedAction.Created);
        fixture.Version("a.test.").Serial.ShouldBe(10u);
        Messages.Lines(fixture.Version("a.test.")).ShouldBe(["@ 60 NS ns.a.test.", "ns 60 A 192.0.2.1", "www 60 A 192.0.2.10"]);
    }

    [Test]
    public async Task Seed_UnchangedFile_AppendsNothing_SoPublishedChangesStay()
    {
        await using var fixture = await Fixture.StartAsync();
        fixture.Files.WriteFile("zones/a.test.zone", Zone);
        await fixture.SeedAsync();
        await fixture.AppendAsync("""{"version":1,"zone":"a.test.","operations":[{"op":"DEL","name":"www"}]}""");

        SeedReport again = await fixture.SeedAsync();

        again.Appended.ShouldBeEmpty();
        again.Unchanged.ShouldBe(1);
        Messages.Lines(fixture.Version("a.test.")).ShouldNotContain(line => line.StartsWith("www", StringComparison.Ordinal));
    }

    [Test]
    public async Task Seed_EditedFile_SendsItsDifference_AndKeepsPublishedRecords()
    {
        await using var fixture = await Fixture.StartAsync();
        fixture.Files.WriteFile("zones/a.test.zone", Zone);
        await fixture.SeedAsync();
        await fixture.AppendAsync("""{"version":1,"zone":"a.test.","operations":[{"op":"ADD","name":"web","ttl":300,"type":"A","rdata":"192.0.2.55"}]}""");
        fixture.Files.WriteFile("zones/a.test.zone", Zone.Replace("hostmaster 10 60", "hostmaster 99 60", StringComparison.Ordinal).Replace("www A 192.0.2.10", "www 120 A 192.0.2.11", StringComparison.Ordinal));

        SeedReport report = await fixture.SeedAsync();

        report.Appended.ShouldHaveSingleItem().Action.ShouldBe(SeedAction.Changed);
        ZoneVersion zone = fixture.Version("a.test.");
        zone.Serial.ShouldBe(12u, "the file's serial only starts the zone; an edit is one more change");
        Messages.Lines(zone).ShouldBe(["@ 60 NS ns.a.test.", "ns 60 A 192.0.2.1", "web 300 A 192.0.2.55", "www 120 A 192.0.2.11"]);
    }

    [Test]
    public async Task Seed_SameFilesBySeveralPrimaries_CreatesTheZoneOnce_AndALaterPrimaryReplacesNothing()
    {
        await using var fixture = await Fixture.StartAsync();
        fixture.Files.WriteFile("zones/a.test.zone", Zone);
        ZoneFileSeeder first = fixture.Seeder("first"), second = fixture.Seeder("second"), later = fixture.Seeder("later");

        // Both seed before either CREATE_ZONE is applied: the second is rejected (ZoneExists), not applied twice.
        SeedReport[] reports = await Task.WhenAll(first.SeedAsync(CancellationToken.None), second.SeedAsync(CancellationToken.None));
        await fixture.AppliedAsync(reports);
        fixture.Version("a.test.").Serial.ShouldBe(10u);
        await fixture.AppendAsync("""{"version":1,"zone":"a.test.","operations":[{"op":"ADD","name":"web","ttl":300,"type":"A","rdata":"192.0.2.55"}]}""");

        SeedReport report = await later.SeedAsync(CancellationToken.None);

        report.Appended.ShouldBeEmpty();
        report.Unchanged.ShouldBe(1);
        fixture.Version("a.test.").Serial.ShouldBe(11u);
        Messages.Lines(fixture.Version("a.test.")).ShouldContain("web 300 A 192.0.2.55");
    }

    [Test]
    public async Task Seed_SameEditBySeveralPrimaries_ChangesTheZoneOnce()
    {
        await using var fixture = await Fixture.StartAsync();
        fixture.Files.WriteFile("zones/a.test.zone", Zone);
        ZoneFileSeeder first = fixture.Seeder("first"), second = fixture.Seeder("second");
        await fixture.AppliedAsync([await first.SeedAsync(CancellationToken.None)]);
        await fixture.AppliedAsync([await second.SeedAsync(CancellationToken.None)]);
        fixture.Files.WriteFile("zones/a.test.zone", Zone.Replace("www A 192.0.2.10", "www A 192.0.2.11", StringComparison.Ordinal));

        await fixture.AppliedAsync([await first.SeedAsync(CancellationToken.None)]);
        await fixture.AppliedAsync([await second.SeedAsync(CancellationToken.None)]);

        fixture.Version("a.test.").Serial.ShouldBe(11u, "the second copy of the difference changes nothing, so it bumps nothing");
        Messages.Lines(fixture.Version("a.test.")).ShouldBe(["@ 60 NS ns.a.test.", "ns 60 A 192.0.2.1", "www 60 A 192.0.2.11"]);
    }

    [Test]
    public async Task Seed_FileForAZoneCreatedThroughTheLog_ReplacesIt()
    {
        await using var fixture = await Fixture.StartAsync();
        await fixture.AppendAsync(Messages.Create(zone: "a.test."));
        fixture.Files.WriteFile("zones/a.test.zone", Zone);

        SeedReport report = await fixture.SeedAsync();

        report.Appended.ShouldHaveSingleItem().Action.ShouldBe(SeedAction.Replaced);
        Messages.Lines(fixture.Version("a.test.")).ShouldBe(["@ 60 NS ns.a.test.", "ns 60 A 192.0.2.1", "www 60 A 192.0.2.10"]);
    }

    [Test]
    public async Task Seed_RemovedFile_DeletesItsZone_ButNeverAZoneCreatedThroughTheLog()
    {
        await using var fixture = await Fixture.StartAsync();
        string file = fixture.Files.WriteFile("zones/a.test.zone", Zone);
        await fixture.SeedAsync();
        await fixture.AppendAsync(Messages.Create(zone: "b.test."));
        File.Delete(file);

        SeedReport report = await fixture.SeedAsync();

        report.Appended.ShouldHaveSingleItem().Action.ShouldBe(SeedAction.Deleted);
        fixture.Table.TryGet(DomainName.Parse("a.test."), out _).ShouldBeFalse();
        fixture.Table.TryGet(DomainName.Parse("b.test."), out _).ShouldBeTrue();
    }

    [Test]
    public async Task Seed_BrokenEdit_IsReported_AndNeitherDeletesNorForgetsTheZone()
    {
        await using var fixture = await Fixture.StartAsync();
        fixture.Files.WriteFile("zones/a.test.zone", Zone);
        await fixture.SeedAsync();
        fixture.Files.WriteFile("zones/a.test.zone", Zone + "bad AAAA not-an-address\n");

        SeedReport broken = await fixture.SeedAsync();
        broken.Failed.ShouldHaveSingleItem().Error.ShouldContain("a.test.zone:6:");
        broken.Appended.ShouldBeEmpty();
        fixture.Version("a.test.").Serial.ShouldBe(10u);

        fixture.Files.WriteFile("zones/a.test.zone", Zone);
        (await fixture.SeedAsync()).Appended.ShouldBeEmpty("the file is back to what was seeded");
    }

    [Test]
    public async Task Seed_FileWithAnRRsetOverTheRecordLimit_FailsNamingFileAndLine_AndSendsNothing()
    {
        await using var fixture = await Fixture.StartAsync();
        string records = string.Concat(Enumerable.Range(1, 101).Select(i => $"big A 10.0.0.{i}\n"));
        fixture.Files.WriteFile("zones/a.test.zone", Zone + records);

        SeedReport report = await fixture.SeedAsync();

        report.Appended.ShouldBeEmpty();
        (string file, string reason) = report.Failed.ShouldHaveSingleItem();
        file.ShouldEndWith("a.test.zone");
        // Five lines of the zone, then record 101 of big is on line 106.
        reason.ShouldContain("a.test.zone:106: big.a.test. A: the RRset would hold 101 records, more than the 100 one RRset may hold");
        fixture.Table.TryGet(DomainName.Parse("a.test."), out _).ShouldBeFalse();
    }

    /// <summary>A primary's ingestion over an in-memory log, and a seeder of a temporary zone folder into that log.</summary>
    private sealed class Fixture : IAsyncDisposable
    {
        private readonly InMemoryChangeLog _log = new(partitionCount: 1);
        private readonly Primary _primary;
        private readonly ZoneFileSeeder _seeder;

        private Fixture()
        {
            _primary = new Primary(_log);
            Directory.CreateDirectory(Files.Combine("zones"));
            _seeder = new ZoneFileSeeder(_log, Table, Files.Combine("zones"), Files.Combine("data/" + ZoneFileSeeder.StateFileName));
        }

        public TempDir Files { get; } = new();

        public ZoneTable Table => _primary.Materializer.Table;

        public static async Task<Fixture> StartAsync()
        {
            var fixture = new Fixture();
            await fixture._primary.StartAsync();
            return fixture;
        }

        public async Task<SeedReport> SeedAsync()
        {
            SeedReport report = await _seeder.SeedAsync(CancellationToken.None);
            foreach (SeedResult result in report.Appended)
            {
                await AppliedAsync(result.Position);
            }

            return report;
        }

        /// <summary>The seeder of another primary on the same log, with its own state file.</summary>
        public ZoneFileSeeder Seeder(string dataDirectory) =>
            new(_log, Table, Files.Combine("zones"), Files.Combine($"{dataDirectory}/{ZoneFileSeeder.StateFileName}"));

        public async Task AppliedAsync(IEnumerable<SeedReport> reports)
        {
            foreach (SeedResult result in reports.SelectMany(report => report.Appended))
            {
                await AppliedAsync(result.Position);
            }
        }

        public async Task AppendAsync(string json)
        {
            ChangeLogJson.TryParseChange(Encoding.UTF8.GetBytes(json), out ChangeMessage? message, out string? error, out _).ShouldBeTrue(error);
            await AppliedAsync(await _log.AppendChangeAsync(message.Zone, Encoding.UTF8.GetBytes(json), CancellationToken.None));
        }

        public ZoneVersion Version(string origin) =>
            Table.TryGet(DomainName.Parse(origin), out Zone? zone) ? zone.Current : throw new AssertionException($"zone {origin} is not served");

        public async ValueTask DisposeAsync()
        {
            await _primary.DisposeAsync();
            await _log.DisposeAsync();
            Files.Dispose();
        }

        private Task AppliedAsync(LogPosition position) =>
            Wait.UntilAsync(() => _primary.Materializer.NextOffset(position.Partition) > position.Offset, Timeout, $"the record at {position} to be applied");
    }
}
