using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.TestSupport;

namespace DnsSuite.Protocol.Tests.Text;

/// <summary>
/// Compares the reader and writer with BIND and Knot over the corpus in tests/data/zones: each
/// <c>NAME.zone</c> holds the zone NAME; <c>bad/*.zone</c> are broken files of the zone <c>example.</c>.
/// </summary>
public class ZoneFileToolComparisonTests
{
    private static readonly string ZonesFolder = FindZonesFolder();

    private static IEnumerable<TestCaseData> GoodZones() =>
        Directory.GetFiles(ZonesFolder, "*.zone").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetArgDisplayNames(Path.GetFileName(path)));

    private static IEnumerable<TestCaseData> BadZones() =>
        Directory.GetFiles(Path.Combine(ZonesFolder, "bad"), "*.zone").Order(StringComparer.Ordinal)
            .Select(path => new TestCaseData(Path.GetFileName(path)).SetArgDisplayNames(Path.GetFileName(path)));

    [Test]
    public void Corpus_HasGoodAndBadZones()
    {
        GoodZones().Count().ShouldBeGreaterThanOrEqualTo(6);
        BadZones().Count().ShouldBeGreaterThanOrEqualTo(15);
    }

    [TestCaseSource(nameof(GoodZones))]
    public async Task CanonicalOutput_DescribesTheSameRecordsAsNamedCompilezone(string fileName)
    {
        string path = Path.Combine(ZonesFolder, fileName);
        DomainName origin = OriginOf(fileName);
        using var temp = new TempDir("zonefile-compare");
        string bindOutput = temp.Combine("bind.zone");

        // BIND resolves $INCLUDE against its working folder; the corpus's includes are relative to the zone's folder.
        ToolResult compiled = await ExternalTool.RunAsync(
            "named-compilezone", ["-k", "ignore", "-i", "none", "-o", bindOutput, origin.ToString(), path], workingDirectory: ZonesFolder);
        compiled.Succeeded.ShouldBeTrue(compiled.ToString());

        List<ResourceRecord> ours = [.. ZoneFileReader.ReadFile(path, origin)];
        string canonical = ZoneFileWriter.ToText(origin, ours);

        Keys(ZoneFileReader.Read(canonical, origin)).ShouldBe(Keys(ZoneFileReader.ReadFile(bindOutput, origin)), canonical);
        Keys(ZoneFileReader.Read(canonical, origin)).ShouldBe(Keys(ours));
    }

    [TestCaseSource(nameof(GoodZones))]
    public async Task CanonicalOutput_PassesNamedCheckzone(string fileName)
    {
        DomainName origin = OriginOf(fileName);
        using var temp = new TempDir("zonefile-checkzone");
        string canonical = temp.WriteFile("canonical.zone", ZoneFileWriter.ToText(origin, ZoneFileReader.ReadFile(Path.Combine(ZonesFolder, fileName), origin)));

        ToolResult checkedZone = await ExternalTool.RunAsync("named-checkzone", "-k", "ignore", origin.ToString(), canonical);

        checkedZone.Succeeded.ShouldBeTrue(checkedZone.ToString());
    }

    [TestCaseSource(nameof(GoodZones))]
    public async Task CanonicalOutput_PassesKnotZoneCheck(string fileName)
    {
        DomainName origin = OriginOf(fileName);
        using var temp = new TempDir("zonefile-knot");
        string canonical = temp.WriteFile("canonical.zone", ZoneFileWriter.ToText(origin, ZoneFileReader.ReadFile(Path.Combine(ZonesFolder, fileName), origin)));

        // Debian's knot package ships no kzonecheck; `knotc zone-check` runs the same loader and semantic checks offline.
        string config = temp.WriteFile("knot.conf", $"""
            server:
                rundir: "{temp.Path}"
            database:
                storage: "{temp.Path}"
            zone:
              - domain: "{origin}"
                file: "{canonical}"
                semantic-checks: on
            """);
        ToolResult checkedZone = await ExternalTool.RunAsync("knotc", "-c", config, "zone-check", origin.ToString());

        checkedZone.Succeeded.ShouldBeTrue(checkedZone.ToString());
        checkedZone.StdErr.ShouldNotContain("error:", Case.Insensitive, checkedZone.ToString());
    }

    [TestCaseSource(nameof(BadZones))]
    public async Task BrokenFile_IsRejectedByNamedCheckzoneAndByTheReader(string fileName)
    {
        string path = Path.Combine(ZonesFolder, "bad", fileName);

        ToolResult bind = await ExternalTool.RunAsync("named-checkzone", ["-k", "ignore", "-i", "none", "example.", path], workingDirectory: Path.GetDirectoryName(path));
        bind.Succeeded.ShouldBeFalse($"named-checkzone accepted {fileName}:\n{bind}");

        var e = Should.Throw<ZoneFormatException>(() => ZoneFileReader.ReadFile(path, DomainName.Parse("example.")).ToList());
        e.File.ShouldBe(path);
        e.Line.ShouldBeGreaterThan(0);
        e.Column.ShouldBeGreaterThan(0);
    }

    private static DomainName OriginOf(string fileName) => DomainName.Parse(fileName[..^".zone".Length] + ".");

    /// <summary>What makes two records the same: owner, type, class, TTL and canonical RDATA.</summary>
    private static string[] Keys(IEnumerable<ResourceRecord> records) =>
        [.. records.Select(r => $"{r.Name.ToLowerInvariant()} {r.Ttl} {r.Class} {ResourceRecord.TypeMnemonic(r.Type)} {Convert.ToHexString(r.Data.ToCanonicalWire())}")
            .Distinct().Order(StringComparer.Ordinal)];

    private static string FindZonesFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "tests", "data", "zones");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"tests/data/zones not found above {AppContext.BaseDirectory}");
    }
}
