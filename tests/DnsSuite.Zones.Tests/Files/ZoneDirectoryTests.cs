using DnsSuite.Protocol;
using DnsSuite.TestSupport;
using DnsSuite.Zones.Files;

namespace DnsSuite.Zones.Tests.Files;

public sealed class ZoneDirectoryTests
{
    private static string ZoneText(string origin, uint serial, string extra = "") =>
        $"$ORIGIN {origin}\n$TTL 300\n@ SOA ns1 hostmaster {serial} 3600 600 86400 300\n@ NS ns1\nns1 A 192.0.2.1\n{extra}";

    private static uint Serial(ZoneTable table, string origin) =>
        table.TryGet(DomainName.Parse(origin), out Zone? zone) ? zone.Current.Serial : throw new AssertionException($"{origin} is not loaded");

    [Test]
    public void Reload_LoadsEveryZoneFile_OriginFromFileNameOrDirective()
    {
        using var dir = new TempDir();
        dir.WriteFile("example.com.zone", ZoneText("example.com.", 1).Replace("$ORIGIN example.com.\n", "", StringComparison.Ordinal));
        dir.WriteFile("other-name.zone", ZoneText("example.net.", 2));
        dir.WriteFile("README.txt", "not a zone");
        var table = new ZoneTable();

        ZoneDirectory.ReloadReport report = new ZoneDirectory(dir.Path, table).Reload();

        report.Failed.ShouldBeEmpty();
        report.Loaded.Select(v => v.Origin.ToString()).ShouldBe(["example.com.", "example.net."], ignoreOrder: true);
        Serial(table, "example.com.").ShouldBe(1u);
        Serial(table, "example.net.").ShouldBe(2u);
    }

    [Test]
    public void Reload_WithABrokenFile_ReportsItAndServesTheOthers()
    {
        using var dir = new TempDir();
        dir.WriteFile("good.test.zone", ZoneText("good.test.", 1));
        dir.WriteFile("bad.test.zone", ZoneText("bad.test.", 1, "www A 999.1.1.1\n"));
        var table = new ZoneTable();

        ZoneDirectory.ReloadReport report = new ZoneDirectory(dir.Path, table).Reload();

        report.Failed.ShouldHaveSingleItem().Path.ShouldEndWith("bad.test.zone");
        report.Failed[0].Error.ShouldContain("bad.test.zone:6:");
        table.Zones.Select(z => z.Origin.ToString()).ShouldBe(["good.test."]);
    }

    [Test]
    public void Reload_AppliesAddedChangedAndRemovedFiles()
    {
        using var dir = new TempDir();
        dir.WriteFile("a.test.zone", ZoneText("a.test.", 1));
        dir.WriteFile("b.test.zone", ZoneText("b.test.", 1));
        var table = new ZoneTable();
        var directory = new ZoneDirectory(dir.Path, table);
        directory.Reload();

        dir.WriteFile("a.test.zone", ZoneText("a.test.", 2));
        File.Delete(dir.Combine("b.test.zone"));
        dir.WriteFile("c.test.zone", ZoneText("c.test.", 7));
        ZoneDirectory.ReloadReport report = directory.Reload();

        report.Loaded.Select(v => v.Origin.ToString()).ShouldBe(["a.test.", "c.test."], ignoreOrder: true);
        report.Removed.Select(n => n.ToString()).ShouldBe(["b.test."]);
        Serial(table, "a.test.").ShouldBe(2u);
        Serial(table, "c.test.").ShouldBe(7u);
        table.TryGet(DomainName.Parse("b.test."), out _).ShouldBeFalse();
    }

    [Test]
    public void Reload_OfAnUnchangedFile_DoesNotPublishANewVersion()
    {
        using var dir = new TempDir();
        dir.WriteFile("a.test.zone", ZoneText("a.test.", 1));
        var table = new ZoneTable();
        var directory = new ZoneDirectory(dir.Path, table);
        directory.Reload();
        table.TryGet(DomainName.Parse("a.test."), out Zone? zone).ShouldBeTrue();
        ZoneVersion before = zone.Current;

        directory.Reload().Loaded.ShouldBeEmpty();

        zone.Current.ShouldBeSameAs(before);
    }

    [Test]
    public void Reload_WhenAChangedFileIsBroken_KeepsServingThePreviousVersion()
    {
        using var dir = new TempDir();
        dir.WriteFile("a.test.zone", ZoneText("a.test.", 1));
        var table = new ZoneTable();
        var directory = new ZoneDirectory(dir.Path, table);
        directory.Reload();

        dir.WriteFile("a.test.zone", ZoneText("a.test.", 2, "www CNAME a\nwww A 192.0.2.9\n"));
        ZoneDirectory.ReloadReport report = directory.Reload();

        report.Failed.ShouldHaveSingleItem().Error.ShouldContain("CNAME");
        Serial(table, "a.test.").ShouldBe(1u);
    }

    [Test]
    public void Reload_WithTwoFilesForOneZone_RejectsTheSecond()
    {
        using var dir = new TempDir();
        dir.WriteFile("a.zone", ZoneText("dup.test.", 1));
        dir.WriteFile("b.zone", ZoneText("dup.test.", 2));
        var table = new ZoneTable();

        ZoneDirectory.ReloadReport report = new ZoneDirectory(dir.Path, table).Reload();

        report.Failed.ShouldHaveSingleItem().Error.ShouldContain("already loaded from");
        Serial(table, "dup.test.").ShouldBe(1u);
    }

    [Test]
    public void OriginOf_FileNameThatIsNotAName_AsksForAnOriginDirective()
    {
        using var dir = new TempDir();
        string path = dir.WriteFile("bad..name.zone", "@ SOA ns1 hostmaster 1 1 1 1 1\n");

        Should.Throw<Protocol.Text.ZoneFormatException>(() => ZoneFile.OriginOf(path)).Message.ShouldContain("$ORIGIN");
    }
}
