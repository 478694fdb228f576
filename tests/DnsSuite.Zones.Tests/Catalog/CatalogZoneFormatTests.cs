using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones.Catalog;

namespace DnsSuite.Zones.Tests.Catalog;

public class CatalogZoneFormatTests
{
    private static readonly DomainName Catalog = DomainName.Parse("catalog.invalid.");

    private static DomainName Name(string text) => DomainName.Parse(text);

    private static ZoneVersion Zone(string text) => ZoneVersion.Create(Catalog, ZoneFileReader.Read(text, Catalog));

    private static string Text(ZoneVersion version) => ZoneFileWriter.ToText(version.Origin, version.EnumerateRecords());

    [Test]
    public void MemberLabel_IsTheSha1OfTheLowerCaseWireName()
    {
        CatalogZoneFormat.MemberLabel(Name("example.com.")).ShouldBe("c5e4b4da1e5a620ddaa3635e55c3732a5b49c7f4");
        CatalogZoneFormat.MemberLabel(Name("ExAmple.COM.")).ShouldBe("c5e4b4da1e5a620ddaa3635e55c3732a5b49c7f4");
        CatalogZoneFormat.MemberLabel(Name("example.org.")).ShouldNotBe(CatalogZoneFormat.MemberLabel(Name("example.com.")));
    }

    [Test]
    public void Build_WritesVersionTwoAndOnePtrPerMember_WithGroups()
    {
        ZoneVersion catalog = CatalogZoneFormat.Build(Catalog, 7, [new(Name("example.com."), "blue"), new(Name("example.org."))]);
        catalog.Serial.ShouldBe(7u);
        string[] text = [.. catalog.EnumerateRecords().Select(r => r.ToString())];
        text.ShouldContain("catalog.invalid. 0 IN NS invalid.");
        text.ShouldContain("version.catalog.invalid. 0 IN TXT \"2\"");
        text.ShouldContain($"{CatalogZoneFormat.MemberLabel(Name("example.com."))}.zones.catalog.invalid. 0 IN PTR example.com.");
        text.ShouldContain($"group.{CatalogZoneFormat.MemberLabel(Name("example.com."))}.zones.catalog.invalid. 0 IN TXT \"blue\"");
        text.ShouldContain($"{CatalogZoneFormat.MemberLabel(Name("example.org."))}.zones.catalog.invalid. 0 IN PTR example.org.");
        catalog.RecordCount.ShouldBe(6);
    }

    [Test]
    public void Build_InAnyMemberOrder_GivesTheSameZone()
    {
        CatalogMember[] members = [new(Name("a.example.")), new(Name("b.example."), "g"), new(Name("c.example."))];
        Text(CatalogZoneFormat.Build(Catalog, 1, members)).ShouldBe(Text(CatalogZoneFormat.Build(Catalog, 1, members.Reverse())));
    }

    [Test]
    public void TryReadMembers_ReadsBackWhatBuildWrote()
    {
        CatalogMember[] members = [new(Name("example.com."), "blue"), new(Name("example.org."))];
        CatalogZoneFormat.TryReadMembers(CatalogZoneFormat.Build(Catalog, 1, members), out IReadOnlyList<CatalogMember>? read, out string? error).ShouldBeTrue(error);
        read.OrderBy(m => m.Zone, DomainName.CanonicalComparer).ShouldBe(members);
    }

    [TestCase("")]
    [TestCase("version 0 TXT \"1\"")]
    [TestCase("version 0 TXT \"2\" \"x\"")]
    public void TryReadMembers_WithoutSchemaVersionTwo_Fails(string versionLine)
    {
        ZoneVersion catalog = Zone($"@ 0 SOA invalid. invalid. 1 60 30 600 0\n@ 0 NS invalid.\n{versionLine}\nm1.zones 0 PTR example.com.\n");
        CatalogZoneFormat.TryReadMembers(catalog, out _, out string? error).ShouldBeFalse();
        error.ShouldContain("version");
    }

    [Test]
    public void TryReadMembers_AcceptsAnyUniqueLabels_AndIgnoresOtherNames()
    {
        ZoneVersion catalog = Zone(
            "@ 0 SOA invalid. invalid. 1 60 30 600 0\n@ 0 NS invalid.\nversion 0 TXT \"2\"\nm1.zones 0 PTR example.com.\ngroup.m1.zones 0 TXT \"g\"\nm2.zones 0 PTR example.net.\ncoo.m2.zones 0 PTR other.invalid.\next 0 TXT \"x\"\n");
        CatalogZoneFormat.TryReadMembers(catalog, out IReadOnlyList<CatalogMember>? read, out string? error).ShouldBeTrue(error);
        read.ShouldBe([new(Name("example.com."), "g"), new(Name("example.net."))], ignoreOrder: true);
    }

    [Test]
    public void TryReadMembers_MemberWithTwoPtrs_Fails()
    {
        ZoneVersion catalog = Zone("@ 0 SOA invalid. invalid. 1 60 30 600 0\n@ 0 NS invalid.\nversion 0 TXT \"2\"\nm1.zones 0 PTR a.example.\nm1.zones 0 PTR b.example.\n");
        CatalogZoneFormat.TryReadMembers(catalog, out _, out string? error).ShouldBeFalse();
        error.ShouldContain("2 PTR");
    }

    [Test]
    public void Update_AddsRemovesAndRegroups_AsOneChangeset()
    {
        ZoneVersion v1 = CatalogZoneFormat.Build(Catalog, 1, [new(Name("a.example."), "old"), new(Name("b.example."))]);
        (ZoneVersion v2, Changeset changes) = CatalogZoneFormat.Update(v1, 5, [new(Name("a.example."), "new"), new(Name("c.example."))]);
        v2.Serial.ShouldBe(5u);
        Text(v2).ShouldBe(Text(CatalogZoneFormat.Build(Catalog, 5, [new(Name("c.example.")), new(Name("a.example."), "new")])));
        changes.From.Serial.ShouldBe(1u);
        changes.Removed.Select(r => r.ToString()).ShouldBe(
            [$"group.{CatalogZoneFormat.MemberLabel(Name("a.example."))}.zones.catalog.invalid. 0 IN TXT \"old\"", $"{CatalogZoneFormat.MemberLabel(Name("b.example."))}.zones.catalog.invalid. 0 IN PTR b.example."],
            ignoreOrder: true);
        changes.Added.Select(r => r.ToString()).ShouldBe(
            [$"group.{CatalogZoneFormat.MemberLabel(Name("a.example."))}.zones.catalog.invalid. 0 IN TXT \"new\"", $"{CatalogZoneFormat.MemberLabel(Name("c.example."))}.zones.catalog.invalid. 0 IN PTR c.example."],
            ignoreOrder: true);
    }

    [Test]
    public void Update_WithTheSameMembers_ChangesOnlyTheSerial()
    {
        ZoneVersion v1 = CatalogZoneFormat.Build(Catalog, 1, [new(Name("a.example."), "g")]);
        (ZoneVersion v2, Changeset changes) = CatalogZoneFormat.Update(v1, 2, [new(Name("a.example."), "g")]);
        changes.IsEmpty.ShouldBeTrue();
        v2.Serial.ShouldBe(2u);
    }
}
