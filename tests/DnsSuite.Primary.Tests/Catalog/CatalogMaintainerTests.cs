using System.Text;
using DnsSuite.Primary.Catalog;
using DnsSuite.Primary.Materialization;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Catalog;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests.Catalog;

public class CatalogMaintainerTests
{
    private static readonly DomainName CatalogName = DomainName.Parse("catalog.invalid.");

    private static string CreateIn(string zone, string? group = null) =>
        Ops($$"""{"op":"CREATE_ZONE","soa":"ns1 hostmaster 1 3600 600 1209600 300","ttl":3600,"ns":["ns1"]{{(group is null ? "" : $$""","metadata":{"group":"{{group}}"}""")}}}""", zone: zone);

    private static string Text(ZoneVersion version) => ZoneFileWriter.ToText(version.Origin, version.EnumerateRecords());

    private static IReadOnlyList<CatalogMember> Members(CatalogMaintainer catalog)
    {
        CatalogZoneFormat.TryReadMembers(catalog.Zone!.Current, out IReadOnlyList<CatalogMember>? members, out string? error).ShouldBeTrue(error);
        return [.. members.OrderBy(m => m.Zone, DomainName.CanonicalComparer)];
    }

    /// <summary>A materializer with a catalog that follows its events, as the primary wires them.</summary>
    private sealed class Catalogued
    {
        public Catalogued()
        {
            Materializer = new ZoneMaterializer(new ZoneTable(), "test");
            Catalog = new CatalogMaintainer(CatalogName, Materializer);
            Materializer.ZoneChanged += e =>
            {
                if (Catalog.Apply(e) is { } changes)
                {
                    Changes.Add(changes);
                }
            };
        }

        public ZoneMaterializer Materializer { get; }

        public CatalogMaintainer Catalog { get; }

        public List<Changeset> Changes { get; } = [];

        public ApplyResult? Feed(string json, int partition, long offset, string zone) =>
            Materializer.Apply(Record(json, offset, partition, key: zone));
    }

    [Test]
    public void Build_ListsEveryZoneWithItsGroup()
    {
        var primary = new Catalogued();
        primary.Feed(CreateIn("a.example."), 0, 0, "a.example.");
        primary.Feed(CreateIn("b.example.", "blue"), 1, 0, "b.example.");
        ZoneVersion catalog = primary.Catalog.Build();
        Members(primary.Catalog).ShouldBe([new(DomainName.Parse("a.example.")), new(DomainName.Parse("b.example."), "blue")]);
        catalog.Serial.ShouldBe(2u);
        primary.Changes.ShouldBeEmpty();
    }

    [Test]
    public void CreatedAndDeletedZones_AddAndRemoveMembers_WithAGrowingSerial()
    {
        var primary = new Catalogued();
        primary.Feed(CreateIn("a.example."), 0, 0, "a.example.");
        uint first = primary.Catalog.Build().Serial;

        primary.Feed(CreateIn("b.example."), 0, 1, "b.example.");
        Changeset added = primary.Changes.ShouldHaveSingleItem();
        added.Added.Select(r => r.ToString()).ShouldBe([$"{CatalogZoneFormat.MemberName(CatalogName, DomainName.Parse("b.example."))} 0 IN PTR b.example."]);
        new SerialNumber(added.To.Serial).CompareTo(new SerialNumber(first)).ShouldBe(SerialComparison.Greater);

        primary.Feed(Ops("""{"op":"DELETE_ZONE"}""", zone: "a.example."), 0, 2, "a.example.");
        primary.Changes.Count.ShouldBe(2);
        primary.Changes[1].Removed.Select(r => r.ToString()).ShouldBe([$"{CatalogZoneFormat.MemberName(CatalogName, DomainName.Parse("a.example."))} 0 IN PTR a.example."]);
        new SerialNumber(primary.Changes[1].To.Serial).CompareTo(new SerialNumber(added.To.Serial)).ShouldBe(SerialComparison.Greater);
        Members(primary.Catalog).ShouldBe([new(DomainName.Parse("b.example."))]);
    }

    [Test]
    public void RecordChanges_LeaveTheCatalogAlone_GroupChangesDoNot()
    {
        var primary = new Catalogued();
        primary.Feed(CreateIn("a.example."), 0, 0, "a.example.");
        primary.Catalog.Build();
        primary.Feed(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}""", zone: "a.example."), 0, 1, "a.example.").ShouldBeOfType<ChangeApplied>();
        primary.Changes.ShouldBeEmpty();

        primary.Feed(Ops("""{"op":"SET_METADATA","metadata":{"group":"red"}}""", zone: "a.example."), 0, 2, "a.example.").ShouldBeOfType<MetadataChanged>();
        primary.Changes.ShouldHaveSingleItem().Added.Select(r => r.ToString()).ShouldBe([$"group.{CatalogZoneFormat.MemberName(CatalogName, DomainName.Parse("a.example."))} 0 IN TXT \"red\""]);
    }

    [Test]
    public void Serial_IsTheSameWhateverThePartitionInterleaving()
    {
        (string Json, int Partition, long Offset, string Zone)[] p0 = [(CreateIn("a.example."), 0, 0, "a.example."), (CreateIn("c.example."), 0, 1, "c.example."), (Ops("""{"op":"DELETE_ZONE"}""", zone: "a.example."), 0, 2, "a.example.")];
        (string Json, int Partition, long Offset, string Zone)[] p1 = [(CreateIn("b.example.", "g"), 1, 0, "b.example."), (Ops("""{"op":"ADD","name":"x","ttl":1,"type":"A","rdata":"192.0.2.1"}""", zone: "b.example."), 1, 1, "b.example.")];
        var first = new Catalogued();
        var second = new Catalogued();
        first.Catalog.Build();
        second.Catalog.Build();
        foreach (var r in p0.Concat(p1))
        {
            first.Feed(r.Json, r.Partition, r.Offset, r.Zone);
        }

        foreach (var r in new[] { p1[0], p0[0], p1[1], p0[1], p0[2] })
        {
            second.Feed(r.Json, r.Partition, r.Offset, r.Zone);
        }

        Text(first.Catalog.Zone!.Current).ShouldBe(Text(second.Catalog.Zone!.Current));
        first.Catalog.Zone!.Current.Serial.ShouldBe(CatalogMaintainer.SerialOf([new(0, 2), new(1, 0)]));
        Text(first.Catalog.Zone!.Current).ShouldBe(Text(new CatalogMaintainer(CatalogName, first.Materializer).Build()));
    }

    [Test]
    public async Task Restart_FromSnapshots_BuildsTheSameCatalogAsTheLiveOne()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 3);
        foreach ((string zone, string json) in new[]
        {
            ("a.example.", CreateIn("a.example.")),
            ("b.example.", CreateIn("b.example.", "blue")),
            ("c.example.", CreateIn("c.example.")),
            ("b.example.", Ops("""{"op":"ADD","name":"x","ttl":1,"type":"A","rdata":"192.0.2.1"}""", zone: "b.example.")),
            ("c.example.", Ops("""{"op":"DELETE_ZONE"}""", zone: "c.example.")),
            ("a.example.", Ops("""{"op":"SET_METADATA","metadata":{"group":"red"}}""", zone: "a.example.")),
        })
        {
            await log.AppendChangeAsync(zone, Encoding.UTF8.GetBytes(json), CancellationToken.None);
        }

        string live;
        await using (var first = new Primary(log))
        {
            var catalog = new CatalogMaintainer(CatalogName, first.Materializer);
            first.Ingestor.CaughtUp += () => catalog.Build();
            await first.StartAsync();
            await first.CatchUpAndStopAsync();
            live = Text(catalog.Zone!.Current);
            await first.Writer.WriteAllAsync(CancellationToken.None);
        }

        await using var restarted = new Primary(log);
        var rebuilt = new CatalogMaintainer(CatalogName, restarted.Materializer);
        restarted.Ingestor.CaughtUp += () => rebuilt.Build();
        await restarted.StartAsync();
        restarted.Events.ShouldAllBe(e => e.Kind == ZoneChangeKind.Loaded);
        Text(rebuilt.Zone!.Current).ShouldBe(live);
        Members(rebuilt).ShouldBe([new(DomainName.Parse("a.example."), "red"), new(DomainName.Parse("b.example."), "blue")]);
    }
}
