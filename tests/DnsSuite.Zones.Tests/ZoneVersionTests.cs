using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using static DnsSuite.Zones.Tests.TestZones;

namespace DnsSuite.Zones.Tests;

public class ZoneVersionTests
{
    [Test]
    public void Create_MinimalZone_ExposesSoaAndCounts()
    {
        ZoneVersion zone = Load("www 300 IN A 192.0.2.1", "www 300 IN A 192.0.2.2");

        zone.Origin.ShouldBe(Origin);
        zone.Serial.ShouldBe(1u);
        zone.SoaTtl.ShouldBe(3600u);
        zone.Soa.Minimum.ShouldBe(300u);
        zone.RecordCount.ShouldBe(5);
        zone.NodeCount.ShouldBe(3);
        zone.HasDelegations.ShouldBeFalse();
        zone.HasDnames.ShouldBeFalse();
        zone.HasWildcards.ShouldBeFalse();
    }

    [TestCase("example.")]
    [TestCase("EXAMPLE.")]
    public void TryGetNode_Apex_ByNameAndByWireInAnyCase_FindsTheApex(string apex)
    {
        ZoneVersion zone = Load("www 300 IN A 192.0.2.1");

        zone.TryGetNode(DomainName.Parse(apex), out ZoneNode? byName).ShouldBeTrue();
        zone.TryGetNode(DomainName.Parse(apex).Wire, out ZoneNode? byWire).ShouldBeTrue();

        byName.Find(RecordType.SOA).ShouldNotBeNull();
        byWire.ShouldBeSameAs(byName);
        zone.EnumerateNodes().First().ShouldBeSameAs(byName);
    }

    [Test]
    public void TryGetNode_NameOfTheApexLengthOutsideTheZone_FindsNothing()
    {
        ZoneVersion zone = Load("www 300 IN A 192.0.2.1");

        zone.TryGetNode(DomainName.Parse("elpmaxe."), out _).ShouldBeFalse();
        zone.TryGetNode(DomainName.Parse("elpmaxe.").Wire, out _).ShouldBeFalse();
    }

    [Test]
    public void Create_DuplicateRecords_CollapseSilently()
    {
        ZoneVersion zone = ZoneVersion.Create(Origin, With("www 300 IN A 192.0.2.1", "WWW 300 IN A 192.0.2.1"), out IReadOnlyList<string> warnings);

        zone.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.A)!.Count.ShouldBe(1);
        warnings.ShouldBeEmpty();
    }

    [Test]
    public void Create_DifferingTtlInOneRRset_KeepsFirstTtlAndWarns()
    {
        ZoneVersion zone = ZoneVersion.Create(Origin, With("www 300 IN A 192.0.2.1", "www 600 IN A 192.0.2.2"), out IReadOnlyList<string> warnings);

        zone.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.A)!.Ttl.ShouldBe(300u);
        warnings.ShouldHaveSingleItem().ShouldContain("www.example. A: TTL 600 differs from the RRset's TTL 300");
    }

    [Test]
    public void RRset_RecordsAreInCanonicalOrder()
    {
        ZoneVersion zone = Load("www 300 IN A 192.0.2.9", "www 300 IN A 192.0.2.1", "www 300 IN A 10.0.0.1");

        zone.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.A)!.Records.Select(r => r.ToString()).ShouldBe(["10.0.0.1", "192.0.2.1", "192.0.2.9"]);
    }

    [Test]
    public void Node_RRsetsAreSortedByTypeCode()
    {
        ZoneVersion zone = Load("www 300 IN TXT \"x\"", "www 300 IN A 192.0.2.1", "www 300 IN MX \\# 3 000A00");

        zone.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.RRsets.Select(s => s.Type).ShouldBe([RecordType.A, RecordType.MX, RecordType.TXT]);
        node.Find(RecordType.AAAA).ShouldBeNull();
        node.RecordCount.ShouldBe(3);
    }

    [Test]
    public void Create_DeepName_CreatesEmptyNonTerminals()
    {
        ZoneVersion zone = Load("a.b.c 300 IN A 192.0.2.1");

        zone.TryGetNode(Name("b.c"), out ZoneNode? ent).ShouldBeTrue();
        ent.IsEmptyNonTerminal.ShouldBeTrue();
        ent.RRsets.ShouldBeEmpty();
        ent.HasChildren.ShouldBeTrue();
        zone.TryGetNode(Name("c"), out ZoneNode? top).ShouldBeTrue();
        top.IsEmptyNonTerminal.ShouldBeTrue();
        zone.TryGetNode(Name("a.b.c"), out ZoneNode? leaf).ShouldBeTrue();
        leaf.IsEmptyNonTerminal.ShouldBeFalse();
        leaf.HasChildren.ShouldBeFalse();
        zone.NodeCount.ShouldBe(5);
    }

    [Test]
    public void TryGetNode_WireName_IgnoresCaseAndFindsNode()
    {
        ZoneVersion zone = Load("www 300 IN A 192.0.2.1");

        zone.TryGetNode(DomainName.Parse("WwW.ExAmPlE.").Wire, out ZoneNode? node).ShouldBeTrue();
        node.Name.ShouldBe(Name("www"));
        zone.TryGetNode(DomainName.Parse("nope.example.").Wire, out _).ShouldBeFalse();
    }

    [Test]
    public void Flags_ReflectDelegationsDnamesAndWildcards()
    {
        ZoneVersion zone = Load(
            "sub 300 IN NS ns.sub",
            "ns.sub 300 IN A 192.0.2.7",
            "old 300 IN DNAME new.example.",
            "*.w 300 IN A 192.0.2.8");

        zone.HasDelegations.ShouldBeTrue();
        zone.HasDnames.ShouldBeTrue();
        zone.HasWildcards.ShouldBeTrue();
    }

    [Test]
    public void Flags_ApexNsIsNotADelegation()
    {
        Load().HasDelegations.ShouldBeFalse();
    }

    [Test]
    public void EnumerateRecords_CanonicalOrder_SoaFirstThenOwnersTypesAndRdata()
    {
        ZoneVersion zone = Load("b 300 IN A 192.0.2.2", "A 300 IN TXT \"t\"", "a 300 IN A 192.0.2.1", "z.a 300 IN A 192.0.2.3");

        Texts(zone.EnumerateRecords()).ShouldBe(
        [
            "example. 3600 IN SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300",
            "example. 3600 IN NS ns1.example.",
            "A.example. 300 IN A 192.0.2.1",
            "A.example. 300 IN TXT \"t\"",
            "z.a.example. 300 IN A 192.0.2.3",
            "b.example. 300 IN A 192.0.2.2",
            "ns1.example. 3600 IN A 192.0.2.53",
        ]);
    }

    [Test]
    public void EnumerateRecords_Unordered_SoaFirstAndSameRecords()
    {
        ZoneVersion zone = Load("b 300 IN A 192.0.2.2", "a 300 IN TXT \"t\"", "z.a 300 IN A 192.0.2.3");

        string[] unordered = Texts(zone.EnumerateRecords(canonicalOrder: false));

        unordered[0].ShouldStartWith("example. 3600 IN SOA");
        unordered.ShouldBe(Texts(zone.EnumerateRecords()), ignoreOrder: true);
        unordered.Length.ShouldBe(zone.RecordCount);
    }

    [Test]
    public void EnumerateNodes_IncludesEmptyNonTerminals()
    {
        ZoneVersion zone = Load("x.y 300 IN A 192.0.2.1");

        zone.EnumerateNodes().Select(n => n.Name.ToString()).ShouldBe(["example.", "ns1.example.", "y.example.", "x.y.example."], ignoreOrder: true);
    }

    [Test]
    public void Create_WithoutSoa_IsRejected()
    {
        var problems = Should.Throw<ZoneValidationException>(() => ZoneVersion.Create(Origin, Records("@ 3600 IN NS ns1", "ns1 3600 IN A 192.0.2.53"))).Problems;

        problems.ShouldHaveSingleItem().ShouldBe("example. SOA: the zone has no SOA record at its apex");
    }

    [Test]
    public void Create_EmptyZone_ReportsMissingSoaAndNs()
    {
        var problems = Should.Throw<ZoneValidationException>(() => ZoneVersion.Create(Origin, [])).Problems;

        problems.ShouldBe(["example. SOA: the zone has no SOA record at its apex", "example. NS: the zone has no NS records at its apex"]);
    }

    [Test]
    public void Create_TwoSoaRecords_IsRejected()
    {
        Problems("@ 3600 IN SOA ns1 hostmaster 2 7200 900 1209600 300")
            .ShouldHaveSingleItem().ShouldBe("example. SOA: 2 SOA records at the apex, exactly one is allowed");
    }

    [Test]
    public void Create_SoaBelowApex_IsRejected()
    {
        Problems("www 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300")
            .ShouldHaveSingleItem().ShouldStartWith("www.example. SOA: an SOA record below the apex");
    }

    [Test]
    public void Create_WithoutApexNs_IsRejected()
    {
        var problems = Should.Throw<ZoneValidationException>(() => ZoneVersion.Create(Origin, Records("@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300"))).Problems;

        problems.ShouldHaveSingleItem().ShouldBe("example. NS: the zone has no NS records at its apex");
    }

    [Test]
    public void Create_CnameWithOtherData_IsRejected()
    {
        Problems("www 300 IN CNAME target.example.", "www 300 IN A 192.0.2.1", "www 300 IN TXT \"x\"")
            .ShouldHaveSingleItem().ShouldStartWith("www.example. CNAME: other data at the same name (A, TXT)");
    }

    [Test]
    public void Create_CnameAtApex_IsRejected()
    {
        Problems("@ 300 IN CNAME target.example.").ShouldHaveSingleItem().ShouldStartWith("example. CNAME: other data at the same name (NS, SOA)");
    }

    [Test]
    public void Create_CnameWithRrsigAndNsec_IsAccepted()
    {
        ZoneVersion zone = Load("www 300 IN CNAME target.example.", "www 300 IN RRSIG CNAME 13 2 300 20261231000000 20261101000000 12345 example. c2lnbmF0dXJl", "www 300 IN NSEC zzz.example. CNAME RRSIG NSEC");

        zone.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.RRsets.Count.ShouldBe(3);
    }

    [Test]
    public void Create_TwoCnames_IsRejected()
    {
        Problems("www 300 IN CNAME a.example.", "www 300 IN CNAME b.example.")
            .ShouldHaveSingleItem().ShouldStartWith("www.example. CNAME: 2 CNAME records");
    }

    [Test]
    public void Create_DataBelowDname_IsRejected()
    {
        Problems("old 300 IN DNAME new.example.", "www.old 300 IN A 192.0.2.1")
            .ShouldHaveSingleItem().ShouldStartWith("www.old.example. A: the name is below the DNAME at old.example.");
    }

    [Test]
    public void Create_DataBesideDname_IsAccepted()
    {
        ZoneVersion zone = Load("old 300 IN DNAME new.example.", "old 300 IN A 192.0.2.1");

        zone.HasDnames.ShouldBeTrue();
    }

    [Test]
    public void Create_DnameAtApex_IsAccepted()
    {
        ZoneVersion zone = ZoneVersion.Create(Origin, Records(
            "@ 3600 IN SOA ns.other. hostmaster.other. 1 7200 900 1209600 300",
            "@ 3600 IN NS ns.other.",
            "@ 300 IN DNAME example.net."));

        zone.HasDnames.ShouldBeTrue();
    }

    [Test]
    public void Create_GlueBelowDelegation_IsAccepted()
    {
        ZoneVersion zone = Load(
            "sub 300 IN NS ns.sub",
            "sub 300 IN DS 12345 13 2 0000000000000000000000000000000000000000000000000000000000000000",
            "sub 300 IN A 192.0.2.9",
            "ns.sub 300 IN A 192.0.2.7",
            "ns.sub 300 IN AAAA \\# 16 20010db8000000000000000000000001");

        zone.HasDelegations.ShouldBeTrue();
    }

    [Test]
    public void Create_NonGlueBelowDelegation_IsRejected()
    {
        Problems("sub 300 IN NS ns.sub", "www.sub 300 IN TXT \"hidden\"", "deeper.www.sub 300 IN NS ns.x.")
            .ShouldBe(
            [
                "www.sub.example. TXT: the name is below the delegation at sub.example., where only glue (A/AAAA) may be (RFC 1034 §4.2.1)",
                "deeper.www.sub.example. NS: the name is below the delegation at sub.example., where only glue (A/AAAA) may be (RFC 1034 §4.2.1)",
            ],
            ignoreOrder: true);
    }

    [Test]
    public void Create_OtherDataAtDelegationPoint_IsRejected()
    {
        Problems("sub 300 IN NS ns.x.", "sub 300 IN TXT \"x\"")
            .ShouldHaveSingleItem().ShouldStartWith("sub.example. TXT: data at a delegation point other than NS, DS and glue");
    }

    [Test]
    public void Create_OutOfZoneName_IsRejected()
    {
        Problems("www.example.net. 300 IN A 192.0.2.1")
            .ShouldHaveSingleItem().ShouldBe("www.example.net. A: the name is outside the zone example.");
    }

    [Test]
    public void Create_NonInClass_IsRejected()
    {
        Problems("www 300 CH A \\# 4 c0000201").ShouldHaveSingleItem().ShouldStartWith("www.example. A: class CH is not supported");
    }

    [Test]
    public void Create_MetaType_IsRejected()
    {
        Problems("www 300 IN ANY \\# 0").ShouldHaveSingleItem().ShouldStartWith("www.example. ANY: a meta-type");
    }

    [Test]
    public void Create_SeveralProblems_ListsEveryOne()
    {
        var exception = Should.Throw<ZoneValidationException>(() => ZoneVersion.Create(Origin, With("a.example.net. 300 IN A 192.0.2.1", "c 300 IN CNAME x.", "c 300 IN TXT \"y\"")));

        exception.Problems.Count.ShouldBe(2);
        exception.Message.ShouldContain("a.example.net. A");
        exception.Message.ShouldContain("c.example. CNAME");
    }

    private static IEnumerable<ResourceRecord> Records(params string[] lines) => TestSupport.Records.Rrs("example.", lines);
}
