using DnsSuite.Protocol;
using DnsSuite.TestSupport;

namespace DnsSuite.Zones.Tests;

public class ZoneTableTests
{
    [Test]
    public void TryFind_ReturnsLongestMatchingZone()
    {
        var table = new ZoneTable();
        Zone parent = Serve(table, "example.");
        Zone child = Serve(table, "sub.example.");

        Find(table, "www.sub.example.").ShouldBeSameAs(child);
        Find(table, "SUB.example.").ShouldBeSameAs(child);
        Find(table, "www.example.").ShouldBeSameAs(parent);
        Find(table, "example.").ShouldBeSameAs(parent);
        Find(table, "xsub.example.").ShouldBeSameAs(parent);
        table.TryFind(DomainName.Parse("example.net."), out _).ShouldBeFalse();
        table.TryFind(DomainName.Parse("www.example.net.").Wire, out _).ShouldBeFalse();
    }

    [Test]
    public void TryFind_RootZone_MatchesEverything()
    {
        var table = new ZoneTable();
        Zone root = Serve(table, ".");

        Find(table, "anything.at.all.").ShouldBeSameAs(root);
        Find(table, ".").ShouldBeSameAs(root);
    }

    [Test]
    public void TryGet_MatchesOnlyTheApex()
    {
        var table = new ZoneTable();
        Zone zone = Serve(table, "example.");

        table.TryGet(DomainName.Parse("EXAMPLE."), out Zone? found).ShouldBeTrue();
        found.ShouldBeSameAs(zone);
        table.TryGet(DomainName.Parse("www.example."), out _).ShouldBeFalse();
    }

    [Test]
    public void Remove_MakesQueriesFallBackToParentZone()
    {
        var table = new ZoneTable();
        Zone parent = Serve(table, "example.");
        Serve(table, "sub.example.");

        table.Remove(DomainName.Parse("sub.example.")).ShouldBeTrue();
        table.Remove(DomainName.Parse("sub.example.")).ShouldBeFalse();

        Find(table, "www.sub.example.").ShouldBeSameAs(parent);
        table.Zones.ShouldBe([parent]);
    }

    [Test]
    public void AddOrReplace_ReplacesZoneWithSameOrigin()
    {
        var table = new ZoneTable();
        Serve(table, "example.");
        Zone replacement = Serve(table, "EXAMPLE.");

        table.Zones.ShouldBe([replacement]);
        Find(table, "www.example.").ShouldBeSameAs(replacement);
    }

    [Test]
    public void Zone_Commit_SwapsCurrentAndKeepsOldVersionIntact()
    {
        var zone = new Zone(Load("example."));
        ZoneVersion first = zone.Current;
        var transaction = new ZoneTransaction(first);
        transaction.Add(Records.Rr("www.example. 300 IN A 192.0.2.1"));

        (ZoneVersion next, Changeset changes) = transaction.Commit(2);
        zone.Commit(next, [changes]);

        zone.Current.Serial.ShouldBe(2u);
        first.Serial.ShouldBe(1u);
        Should.Throw<ArgumentException>(() => zone.Commit(Load("example.net."), []));
    }

    [Test]
    public void Lookup_ZoneAwaitingData_IsTheClosestZone_UntilServedOrRemoved()
    {
        var table = new ZoneTable();
        Zone parent = Serve(table, "example.");
        DomainName sub = DomainName.Parse("sub.example.");
        var awaiting = new Zone(sub);
        table.AddOrReplace(awaiting);

        table.Lookup(DomainName.Parse("www.sub.example.").Wire, out Zone? zone).ShouldBe(ZoneLookup.AwaitingData);
        zone.ShouldBeNull();
        table.Lookup(DomainName.Parse("www.example.").Wire, out zone).ShouldBe(ZoneLookup.Served);
        zone.ShouldBeSameAs(parent);
        table.Lookup(DomainName.Parse("www.example.net.").Wire, out _).ShouldBe(ZoneLookup.NotFound);
        table.IsAwaitingData(sub).ShouldBeTrue();
        table.TryGet(sub, out _).ShouldBeFalse();
        table.Zones.ShouldBe([parent]);

        awaiting.Commit(Load("sub.example."), []);
        table.IsAwaitingData(sub).ShouldBeFalse();
        Find(table, "www.sub.example.").ShouldBeSameAs(awaiting);

        table.Remove(sub).ShouldBeTrue();
        table.AddOrReplace(new Zone(sub));
        table.Remove(sub).ShouldBeTrue();
        table.IsAwaitingData(sub).ShouldBeFalse();
        Find(table, "www.sub.example.").ShouldBeSameAs(parent);
    }

    private static Zone Serve(ZoneTable table, string origin)
    {
        var zone = new Zone(Load(origin));
        table.AddOrReplace(zone);
        return zone;
    }

    private static Zone Find(ZoneTable table, string name)
    {
        table.TryFind(DomainName.Parse(name).Wire, out Zone? byWire).ShouldBeTrue();
        table.TryFind(DomainName.Parse(name), out Zone? byName).ShouldBeTrue();
        byName.ShouldBeSameAs(byWire);
        return byWire;
    }

    private static ZoneVersion Load(string origin) => ZoneVersion.Create(DomainName.Parse(origin), Records.Rrs(
        origin,
        "@ 3600 IN SOA ns.test. hostmaster.test. 1 7200 900 1209600 300",
        "@ 3600 IN NS ns.test."));
}
