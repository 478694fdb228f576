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
