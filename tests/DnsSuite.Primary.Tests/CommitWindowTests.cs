using System.Globalization;
using System.Text;
using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Primary.Catalog;
using DnsSuite.Primary.Materialization;
using DnsSuite.Primary.Seeding;
using DnsSuite.Primary.Updates;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Zones;
using DnsSuite.Zones;
using DnsSuite.Zones.Updates;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

/// <summary>
/// Every writer of a primary's zones goes through the zone's commit: an IXFR for a new serial is answerable from the
/// moment the serial is visible (no window), watched by <see cref="IxfrWindowProbe"/> while the writer works. The
/// secondary's transfers have the same test in DnsSuite.Secondary.Tests (RefreshTests).
/// </summary>
public class CommitWindowTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DomainName Origin = DomainName.Parse(Apex);

    private static string AddHost(int i, string zone = Apex) =>
        Ops($$"""{"op":"ADD","name":"host{{i}}","ttl":300,"type":"A","rdata":"192.0.2.{{i % 250 + 1}}"}""", zone: zone);

    [Test]
    public async Task LogMessages_ServeAnIxfrForEachNewSerial_FromTheMomentItIsVisible()
    {
        await using var log = new InMemoryChangeLog();
        await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(Create()), CancellationToken.None);
        await using var primary = new Primary(log);
        await primary.StartAsync();
        using var probe = IxfrWindowProbe.Watch(primary.Materializer.Table, Origin);

        for (int i = 0; i < 200; i++)
        {
            await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(AddHost(i)), CancellationToken.None);
        }

        await primary.CatchUpAndStopAsync();
        probe.Dispose();
        probe.Gaps.ShouldBeEmpty();
        probe.Commits.ShouldBeGreaterThan(0);
        Zone zone = Served(primary.Materializer.Table, Origin);
        zone.Current.Serial.ShouldBe(201u);
        zone.Journal.TryGetSpan(1, 201, out IReadOnlyList<Changeset>? changes).ShouldBeTrue();
        changes.Count.ShouldBe(200);
    }

    [Test]
    public async Task Updates_ServeAnIxfrForEachNewSerial_FromTheMomentItIsVisible()
    {
        await using var log = new InMemoryChangeLog();
        await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(Create()), CancellationToken.None);
        await using var primary = new Primary(log);
        await primary.StartAsync();
        var processor = new ChangeLogUpdateProcessor(Timeout);
        processor.Attach(log, primary.Materializer);
        using var probe = IxfrWindowProbe.Watch(primary.Materializer.Table, Origin);

        for (int i = 0; i < 30; i++)
        {
            var update = new UpdateRequest(Origin, [], [Records.Rr(string.Create(CultureInfo.InvariantCulture, $"host{i}.{Apex} 60 IN A 192.0.2.{i + 1}"))], "test");
            (await processor.ProcessAsync(Served(primary.Materializer.Table, Origin), update, CancellationToken.None)).ResponseCode.ShouldBe(ResponseCode.NoError);
        }

        probe.Dispose();
        probe.Gaps.ShouldBeEmpty();
        probe.Commits.ShouldBe(30, "each UPDATE is answered once its version is served, so each is a commit of its own");
        Served(primary.Materializer.Table, Origin).Current.Serial.ShouldBe(31u);
    }

    [Test]
    public void CatalogChanges_ServeAnIxfrForEachNewCatalogSerial_FromTheMomentItIsVisible()
    {
        var feeder = new Feeder();
        DomainName catalogName = DomainName.Parse("catalog.invalid.");
        var catalog = new CatalogMaintainer(catalogName, feeder.Materializer);
        feeder.Materializer.ZoneChanged += change => catalog.Apply(change);
        feeder.Feed(Create(zone: "z0.test."), key: "z0.test.");
        catalog.Build();
        using var probe = IxfrWindowProbe.Watch(feeder.Materializer.Table, catalogName);

        for (int i = 1; i <= 50; i++)
        {
            string zone = string.Create(CultureInfo.InvariantCulture, $"z{i}.test.");
            feeder.Feed(Create(zone: zone), key: zone).ShouldBeOfType<ZoneCreated>();
            if (i % 10 == 0)
            {
                feeder.Feed(Ops("""{"op":"DELETE_ZONE"}""", zone: zone), key: zone).ShouldBeOfType<ZoneDeleted>();
            }
        }

        probe.Dispose();
        probe.Gaps.ShouldBeEmpty();
        probe.Commits.ShouldBe(55, "50 zones created, 5 deleted");
    }

    [Test]
    public async Task ZoneFileReseeds_ServeAnIxfrForEachNewSerial_FromTheMomentItIsVisible()
    {
        const string File = "$TTL 60\n@ SOA ns hostmaster 10 60 60 600 60\n@ NS ns\nns A 192.0.2.1\nwww A 192.0.2.10\n";
        using var files = new TempDir();
        Directory.CreateDirectory(files.Combine("zones"));
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await using var primary = new Primary(log);
        await primary.StartAsync();
        var seeder = new ZoneFileSeeder(log, primary.Materializer.Table, files.Combine("zones"), files.Combine("data/" + ZoneFileSeeder.StateFileName));
        DomainName origin = DomainName.Parse("a.test.");
        files.WriteFile("zones/a.test.zone", File);
        await SeedAsync(seeder, primary);
        using var probe = IxfrWindowProbe.Watch(primary.Materializer.Table, origin);

        for (int i = 1; i <= 10; i++)
        {
            files.WriteFile("zones/a.test.zone", File.Replace("www A 192.0.2.10", string.Create(CultureInfo.InvariantCulture, $"www A 192.0.2.{10 + i}"), StringComparison.Ordinal));
            (await SeedAsync(seeder, primary)).Appended.ShouldHaveSingleItem().Action.ShouldBe(SeedAction.Changed);
        }

        probe.Dispose();
        probe.Gaps.ShouldBeEmpty();
        probe.Commits.ShouldBe(10);
        Zone zone = Served(primary.Materializer.Table, origin);
        zone.Journal.TryGetSpan(10, zone.Current.Serial, out IReadOnlyList<Changeset>? changes).ShouldBeTrue();
        changes.Count.ShouldBe(10);
    }

    private static async Task<SeedReport> SeedAsync(ZoneFileSeeder seeder, Primary primary)
    {
        SeedReport report = await seeder.SeedAsync(CancellationToken.None);
        foreach (LogPosition position in report.Appended.Select(result => result.Position))
        {
            await Wait.UntilAsync(() => primary.Materializer.NextOffset(position.Partition) > position.Offset, Timeout, $"the record at {position} to be applied");
        }

        return report;
    }

    private static Zone Served(ZoneTable table, DomainName origin) =>
        table.TryGet(origin, out Zone? zone) ? zone : throw new AssertionException($"zone {origin} is not served");
}
