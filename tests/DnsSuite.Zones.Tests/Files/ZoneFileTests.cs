using System.Globalization;
using System.Text;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones.Files;

namespace DnsSuite.Zones.Tests.Files;

public class ZoneFileTests
{
    private static readonly DomainName Origin = DomainName.Parse("example.");

    [Test]
    public void Parse_ALargeText_BuildsTheZoneThatTheRecordsReadInTurnBuild()
    {
        string text = LargeZone(40_000);
        text.Length.ShouldBeGreaterThan(1 << 20, "large enough to be parsed on a thread of its own");

        ZoneVersion parsed = ZoneFile.Parse(text, Origin);
        ZoneVersion inTurn = ZoneVersion.Create(Origin, ZoneFileReader.Read(text, Origin));
        parsed.RecordCount.ShouldBe(40_003);
        ZoneFileWriter.ToText(Origin, parsed.EnumerateRecords()).ShouldBe(ZoneFileWriter.ToText(Origin, inTurn.EnumerateRecords()));
    }

    [Test]
    public void Parse_ALargeTextWithAnErrorNearItsEnd_ReportsTheFileAndLine()
    {
        string text = LargeZone(40_000) + "broken 300 IN A 192.0.2.256\n";

        ZoneFormatException error = Should.Throw<ZoneFormatException>(() => ZoneFile.Parse(text, Origin, "big.zone"));
        error.Message.ShouldContain("big.zone");
        error.Line.ShouldBe(40_004);
    }

    [Test]
    public void Load_AnRRsetOverTheRecordLimit_NamesTheFileAndLineOfTheRecordOverIt_AlsoInAnInclude()
    {
        using var dir = new DnsSuite.TestSupport.TempDir();
        dir.WriteFile("big.inc", string.Concat(Enumerable.Range(1, 3).Select(i => $"big 300 IN A 10.0.0.{i}\n")));
        dir.WriteFile("example.zone", "@ 3600 IN SOA ns1 hostmaster 1 3600 600 1209600 300\n@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\nbig 300 IN A 10.0.0.1\n$INCLUDE big.inc\n");

        ZoneValidationException error = Should.Throw<ZoneValidationException>(() => ZoneFile.Load(dir.Combine("example.zone"), Origin, maxRecordsPerRRset: 2));

        // 10.0.0.1 repeats in the include: the third distinct record is on its line 3.
        error.Problems.ShouldHaveSingleItem().ShouldBe($"{dir.Combine("big.inc")}:3: big.example. A: the RRset would hold 3 records, more than the 2 one RRset may hold (MaxRecordsPerRRset, as BIND's max-records-per-type); this is record 3");
        error.Oversized.ShouldBe(new OversizedRRset(DomainName.Parse("big.example."), RecordType.A, 3, 2));
        ZoneFile.Load(dir.Combine("example.zone"), Origin, maxRecordsPerRRset: 3).RecordCount.ShouldBe(6);
        ZoneFile.Load(dir.Combine("example.zone"), Origin).RecordCount.ShouldBe(6);
    }

    private static string LargeZone(int hosts)
    {
        var text = new StringBuilder("@ 3600 IN SOA ns1 hostmaster 1 3600 600 1209600 300\n@ 3600 IN NS ns1\nns1 3600 IN A 192.0.2.53\n");
        for (int i = 0; i < hosts; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"host{i} 300 IN A 10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}\n");
        }

        return text.ToString();
    }
}
