using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones.Files;
using static DnsSuite.Zones.Tests.TestZones;

namespace DnsSuite.Zones.Tests;

/// <summary>Every record and every RRset of a zone fits in one DNS message, whichever way it arrives.</summary>
public class ZoneWireSizeTests
{
    /// <summary>A TXT record of <paramref name="strings"/> strings of 255 octets: 256 octets each on the wire.</summary>
    private static string Txt(string owner, int strings, char fill = 'x') =>
        $"{owner} 300 IN TXT {string.Join(' ', Enumerable.Repeat(new string(fill, 255), strings))}";

    [Test]
    public void Load_RdataOverRdLength_IsRejectedNamingTheRecord()
    {
        Problems(Txt("big", 257)).ShouldHaveSingleItem().ShouldContain("big.example. TXT: the RDATA is longer than the 65535 octets RDLENGTH can say");
    }

    [Test]
    public void Load_RecordTooLargeForAMessageWithTsig_IsRejected()
    {
        // 252 strings: 64,512 octets of RDATA, which RDLENGTH can say but no message with a question and a TSIG can carry.
        Problems(Txt("big", 252)).ShouldHaveSingleItem().ShouldContain("more than the 64229 one DNS message can carry");
    }

    [Test]
    public void Load_LargestRecordThatFits_IsAccepted()
    {
        ZoneVersion version = Load(Txt("big", 240));

        version.TryGetNode(Name("big"), out ZoneNode? node).ShouldBeTrue();
    }

    [Test]
    public void Load_RRsetTooLargeForOneMessage_IsRejectedNamingTheRRset()
    {
        string[] records = [.. Enumerable.Range(0, 6).Select(i => Txt("many", 45, (char)('a' + i)))];

        Problems(records).ShouldHaveSingleItem().ShouldContain("many.example. TXT: the RRset of 6 records takes");
    }

    [Test]
    public void Commit_AddThatMakesTheRRsetTooLarge_IsRejectedAndTheBasisStays()
    {
        ZoneVersion basis = Load([.. Enumerable.Range(0, 5).Select(i => Txt("many", 45, (char)('a' + i)))]);

        IReadOnlyList<string> problems = CommitProblems(basis, transaction => transaction.Add(Rr(Txt("many", 45, 'z'))));

        problems.ShouldHaveSingleItem().ShouldContain("many.example. TXT: the RRset of 6 records");
        basis.TryGetNode(Name("many"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.TXT)!.Count.ShouldBe(5);
    }

    [Test]
    public void Add_RdataOverRdLength_Throws()
    {
        var transaction = new ZoneTransaction(Load());

        Should.Throw<ZoneValidationException>(() => transaction.Add(Rr(Txt("big", 300)))).Message.ShouldContain("RDLENGTH");
    }

    [Test]
    public void ZoneFile_RdataOverRdLength_NamesFileAndLine()
    {
        string text = string.Join('\n', [.. Minimal, Txt("big", 257)]) + "\n";

        ZoneFormatException error = Should.Throw<ZoneFormatException>(() => ZoneFile.Parse(text, Origin, "example.zone"));

        error.File.ShouldBe("example.zone");
        error.Line.ShouldBe(4);
        error.Reason.ShouldContain("TXT RDATA is longer than the 65535 octets RDLENGTH can say");
    }

    [Test]
    public void ZoneFile_ManyShortStrings_AreMeasuredByTheirWireForm()
    {
        // 40,000 one-character strings: 80,000 octets on the wire from 80,000 characters of text.
        string line = $"@ 300 IN TXT {string.Join(' ', Enumerable.Repeat("a", 40_000))}";

        ZoneFormatException error = Should.Throw<ZoneFormatException>(() => ZoneFileReader.Read(line, Origin).ToList());

        error.Reason.ShouldContain("TXT RDATA is longer than the 65535 octets RDLENGTH can say");
    }
}
