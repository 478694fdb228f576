using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;
using DnsSuite.TestSupport;

namespace DnsSuite.Protocol.Tests.Text;

public class ZoneFileReaderTests
{
    private static readonly DomainName Example = DomainName.Parse("example.");

    private static string[] Read(string text, DomainName? origin = null) =>
        [.. ZoneFileReader.Read(text, origin ?? Example, "t.zone").Select(r => r.ToString())];

    private static ZoneFormatException Fails(string text) =>
        Should.Throw<ZoneFormatException>(() => ZoneFileReader.Read(text, Example, "t.zone").ToList());

    [Test]
    public void Read_AtAndRelativeNames_ResolveAgainstTheOrigin()
    {
        Read("$TTL 60\n@ NS ns\nns A 192.0.2.1\nabs.other. CNAME www\n").ShouldBe([
            "example. 60 IN NS ns.example.",
            "ns.example. 60 IN A 192.0.2.1",
            "abs.other. 60 IN CNAME www.example.",
        ]);
    }

    [Test]
    public void Read_OriginDirective_IsRelativeToTheCurrentOrigin()
    {
        Read("$TTL 60\n$ORIGIN sub\na A 192.0.2.1\n$ORIGIN deeper\nb A 192.0.2.2\n$ORIGIN other.\n@ A 192.0.2.3\n").ShouldBe([
            "a.sub.example. 60 IN A 192.0.2.1",
            "b.deeper.sub.example. 60 IN A 192.0.2.2",
            "other. 60 IN A 192.0.2.3",
        ]);
    }

    [Test]
    public void Read_OmittedOwner_ReusesThePreviousOwnerEvenAfterOrigin()
    {
        Read("$TTL 60\nwww A 192.0.2.1\n  A 192.0.2.2\n$ORIGIN sub\n\tTXT \"x\"\n").ShouldBe([
            "www.example. 60 IN A 192.0.2.1",
            "www.example. 60 IN A 192.0.2.2",
            "www.example. 60 IN TXT \"x\"",
        ]);
    }

    [Test]
    public void Read_OmittedOwnerOnFirstRecord_Fails()
    {
        ZoneFormatException e = Fails("$TTL 60\n  A 192.0.2.1\n");

        (e.File, e.Line).ShouldBe(("t.zone", 2));
        e.Reason.ShouldContain("owner");
    }

    [TestCase("www 300 IN A 192.0.2.1")]
    [TestCase("www IN 300 A 192.0.2.1")]
    [TestCase("www 5m IN A 192.0.2.1")]
    [TestCase("www IN 5M A 192.0.2.1")]
    [TestCase("www 4m60s A 192.0.2.1")]
    public void Read_TtlAndClassInEitherOrder_AndTtlUnits(string line)
    {
        Read(line).ShouldBe(["www.example. 300 IN A 192.0.2.1"]);
    }

    [TestCase("1w", 604800u)]
    [TestCase("1h30m", 5400u)]
    [TestCase("1D", 86400u)]
    [TestCase("2W1d1H1m1S", 1299661u)]
    [TestCase("0", 0u)]
    [TestCase("2147483647", 2147483647u)]
    public void Read_TtlDirective_AcceptsUnitsCaseInsensitively(string ttl, uint seconds)
    {
        ZoneFileReader.Read($"$TTL {ttl}\nwww A 192.0.2.1", Example).Single().Ttl.ShouldBe(seconds);
    }

    [Test]
    public void Read_OmittedTtl_UsesTtlDirectiveOverThePreviousRecord()
    {
        Read("$TTL 60\na 10 A 192.0.2.1\nb A 192.0.2.2\n$TTL 70\nc A 192.0.2.3\n").ShouldBe([
            "a.example. 10 IN A 192.0.2.1",
            "b.example. 60 IN A 192.0.2.2",
            "c.example. 70 IN A 192.0.2.3",
        ]);
    }

    [Test]
    public void Read_OmittedTtlWithoutDirective_UsesThePreviousRecordsTtl()
    {
        Read("@ 200 SOA ns host 1 2 3 4 500\n@ 100 NS ns\nns A 192.0.2.1\n").ShouldBe([
            "example. 200 IN SOA ns.example. host.example. 1 2 3 4 500",
            "example. 100 IN NS ns.example.",
            "ns.example. 100 IN A 192.0.2.1",
        ]);
    }

    [Test]
    public void Read_SoaWithoutAnyTtl_TakesSoaMinimumAsDefaultAndWarns()
    {
        var warnings = new List<ZoneFormatException>();

        string[] records = [.. ZoneFileReader.Read("@ SOA ns host 1 2 3 4 500\n@ 100 NS ns\nns A 192.0.2.1\n", Example, "t.zone", warnings.Add).Select(r => r.ToString())];

        // As named-checkzone: the SOA MINIMUM becomes the default, so it beats the NS record's explicit TTL.
        records.ShouldBe([
            "example. 500 IN SOA ns.example. host.example. 1 2 3 4 500",
            "example. 100 IN NS ns.example.",
            "ns.example. 500 IN A 192.0.2.1",
        ]);
        warnings.Single().Line.ShouldBe(1);
    }

    [Test]
    public void Read_NoTtlAnywhere_Fails()
    {
        ZoneFormatException e = Fails("www A 192.0.2.1\n");

        e.Line.ShouldBe(1);
        e.Reason.ShouldContain("no TTL");
    }

    [Test]
    public void Read_OmittedClass_UsesTheZoneClass()
    {
        string[] records = Read("$TTL 0\n@ CH SOA ns host 1 2 3 4 5\nversion TXT \"1.0\"\n", DomainName.Parse("bind."));

        records.ShouldBe([
            "bind. 0 CH SOA ns.bind. host.bind. 1 2 3 4 5",
            "version.bind. 0 CH TXT \"1.0\"",
        ]);
    }

    [Test]
    public void Read_MixedClasses_Fail()
    {
        ZoneFormatException e = Fails("$TTL 0\na IN A 192.0.2.1\nb CH A 192.0.2.2\n");

        (e.Line, e.Column).ShouldBe((3, 3));
        e.Reason.ShouldContain("class CH");
    }

    [Test]
    public void Read_GenericTypeClassAndRdata_FollowRfc3597()
    {
        Read("$TTL 1\na CLASS1 TYPE1 \\# 4 C0000201\nb TYPE65280 \\# 3 010203\nc TYPE65281 \\# 0\n").ShouldBe([
            "a.example. 1 IN A 192.0.2.1",
            "b.example. 1 IN TYPE65280 \\# 3 010203",
            "c.example. 1 IN TYPE65281 \\# 0",
        ]);
    }

    [Test]
    public void Read_EscapedLabels_KeepTheirOctets()
    {
        ResourceRecord record = ZoneFileReader.Read("$TTL 1\na\\.b\\ c\\046d A 192.0.2.1", Example).Single();

        record.Name.LabelCount.ShouldBe(2);
        record.Name.FirstLabel.ToArray().ShouldBe("a.b c.d"u8.ToArray());
    }

    [Test]
    public void Read_Generate_IsReportedAsUnsupportedWithItsLine()
    {
        ZoneFormatException e = Fails("$TTL 1\n$GENERATE 1-3 host$ A 192.0.2.$\n");

        (e.File, e.Line, e.Column).ShouldBe(("t.zone", 2, 1));
        e.Reason.ShouldContain("unsupported directive $GENERATE");
    }

    [Test]
    public void Read_UnknownDirective_Fails()
    {
        Fails("$FOO bar\n").Reason.ShouldContain("unknown directive '$FOO'");
    }

    [TestCase("$TTL\n", "needs 1 argument")]
    [TestCase("$TTL 1 2\n", "unexpected extra field '2'")]
    [TestCase("$ORIGIN\n", "needs 1 argument")]
    [TestCase("$INCLUDE\n", "$INCLUDE takes")]
    public void Read_DirectiveWithWrongArguments_Fails(string text, string reason)
    {
        Fails(text).Reason.ShouldContain(reason);
    }

    [TestCase("$TTL 1\nwww 1x A 192.0.2.1\n", 2, 5, "invalid TTL '1x'")]
    [TestCase("$TTL 1h1\n", 1, 6, "invalid TTL '1h1'")]
    [TestCase("$TTL 4294967296\n", 1, 6, "invalid TTL")]
    [TestCase("$TTL 1\nwww FOO 192.0.2.1\n", 2, 5, "unknown RR type 'FOO'")]
    [TestCase("$TTL 1\nwww IN\n", 2, 5, "record type is missing")]
    [TestCase("$TTL 1\nwww A\n", 2, 5, "A record has no RDATA")]
    [TestCase("$TTL 1\nwww A 192.0.2\n", 2, 7, "expected an IPv4 address")]
    [TestCase("$TTL 1\nwww A 192.0.2.1 192.0.2.2\n", 2, 17, "unexpected extra field")]
    [TestCase("$TTL 1\nwww TYPE1 \\# 3 C00002\n", 2, 11, "generic RDATA is not valid")]
    [TestCase("$TTL 1\nwww TYPE99 \\# 4 C00002\n", 2, 12, "says 4 octets but has 3")]
    [TestCase("$TTL 1\nwww AXFR \\# 0\n", 2, 5, "meta type")]
    [TestCase("$TTL 1\nwww TYPE41 \\# 0\n", 2, 5, "meta type")]
    [TestCase("$TTL 1\nwww ANY A 192.0.2.1\n", 2, 5, "class ANY cannot hold zone data")]
    [TestCase("$TTL 1\na..b A 192.0.2.1\n", 2, 1, "invalid domain name")]
    [TestCase("$TTL 1\nwww CNAME a..b\n", 2, 11, "invalid domain name")]
    [TestCase("$TTL 1\nwww \"A\" 192.0.2.1\n", 2, 5, "quoted string")]
    public void Read_BadRecord_FailsAtTheOffendingField(string text, int line, int column, string reason)
    {
        ZoneFormatException e = Fails(text);

        e.File.ShouldBe("t.zone");
        (e.Line, e.Column).ShouldBe((line, column));
        e.Reason.ShouldContain(reason);
        e.Message.ShouldStartWith($"t.zone:{line}:{column}: ");
    }

    [Test]
    public void Read_EnumeratedTwice_StartsFromFreshState()
    {
        IEnumerable<ResourceRecord> records = ZoneFileReader.Read("$TTL 5\nwww A 192.0.2.1\n", Example);

        records.Count().ShouldBe(1);
        records.Single().Ttl.ShouldBe(5u);
    }

    [Test]
    public void ParseRecord_ReadsOneLineWithOptionalClass()
    {
        ResourceRecord.Parse("www.example. 300 IN A 192.0.2.1").ToString().ShouldBe("www.example. 300 IN A 192.0.2.1");
        ResourceRecord.Parse("www 300 CNAME @", Example).ToString().ShouldBe("www.example. 300 IN CNAME example.");
    }

    [TestCase("www.example. IN A 192.0.2.1", "no TTL")]
    [TestCase("  300 IN A 192.0.2.1", "owner name is missing")]
    [TestCase("$TTL 300", "directive")]
    [TestCase("a. 1 A 192.0.2.1\nb. 1 A 192.0.2.2", "exactly one record")]
    public void ParseRecord_RejectsWhatIsNotOneCompleteRecord(string text, string reason)
    {
        Should.Throw<ZoneFormatException>(() => ResourceRecord.Parse(text)).Reason.ShouldContain(reason);
    }

    [Test]
    public void ReadFile_Include_ResolvesAgainstTheIncludingFolderAndRestoresOriginAndOwner()
    {
        using var folder = new TempDir("zonefile");
        folder.WriteFile("main.zone", "$TTL 60\nwww A 192.0.2.1\n$INCLUDE sub/part.zone part\n  A 192.0.2.2\nafter A 192.0.2.3\n");
        folder.WriteFile("sub/part.zone", "a A 192.0.2.9\n$INCLUDE deeper.zone\n");
        folder.WriteFile("sub/deeper.zone", "$ORIGIN x\nd 5 A 192.0.2.10\n");

        ZoneFileReader.ReadFile(folder.Combine("main.zone"), Example).Select(r => r.ToString()).ShouldBe([
            "www.example. 60 IN A 192.0.2.1",
            "a.part.example. 60 IN A 192.0.2.9",
            "d.x.part.example. 5 IN A 192.0.2.10",
            "www.example. 60 IN A 192.0.2.2",
            "after.example. 60 IN A 192.0.2.3",
        ]);
    }

    [Test]
    public void ReadFile_IncludeLoop_FailsNamingTheIncludingFile()
    {
        using var folder = new TempDir("zonefile");
        folder.WriteFile("a.zone", "$TTL 1\na A 192.0.2.1\n$INCLUDE b.zone\n");
        folder.WriteFile("b.zone", "b A 192.0.2.2\n\n$INCLUDE a.zone\n");

        var e = Should.Throw<ZoneFormatException>(() => ZoneFileReader.ReadFile(folder.Combine("a.zone"), Example).ToList());

        e.File.ShouldBe(folder.Combine("b.zone"));
        (e.Line, e.Column).ShouldBe((3, 10));
        e.Reason.ShouldContain("loop");
    }

    [Test]
    public void ReadFile_IncludeDeeperThanTwentyFiles_Fails()
    {
        using var folder = new TempDir("zonefile");
        folder.WriteFile("0.zone", "$TTL 1\n$INCLUDE 1.zone\n");
        for (int i = 1; i <= 21; i++)
        {
            folder.WriteFile($"{i}.zone", $"n{i} A 192.0.2.1\n$INCLUDE {i + 1}.zone\n");
        }

        folder.WriteFile("22.zone", "last A 192.0.2.1\n");

        var e = Should.Throw<ZoneFormatException>(() => ZoneFileReader.ReadFile(folder.Combine("0.zone"), Example).ToList());

        e.Reason.ShouldContain("deeper than 20");
        e.File.ShouldBe(folder.Combine("20.zone"));
    }

    [Test]
    public void ReadFile_MissingInclude_FailsAtTheDirective()
    {
        using var folder = new TempDir("zonefile");
        folder.WriteFile("a.zone", "$TTL 1\n$INCLUDE \"no such.zone\"\n");

        var e = Should.Throw<ZoneFormatException>(() => ZoneFileReader.ReadFile(folder.Combine("a.zone"), Example).ToList());

        (e.Line, e.Column).ShouldBe((2, 10));
        e.Reason.ShouldContain("cannot read $INCLUDE file 'no such.zone'");
    }

    [Test]
    public void ReadOriginDirective_FindsAnAbsoluteOriginBeforeTheFirstRecord()
    {
        using var folder = new TempDir("zonefile");
        folder.WriteFile("with.zone", "; comment\n$TTL 1\n$ORIGIN Example.COM.\n@ SOA ns host 1 2 3 4 5\n");
        folder.WriteFile("late.zone", "$TTL 1\n@ SOA ns host 1 2 3 4 5\n$ORIGIN example.com.\n");
        folder.WriteFile("relative.zone", "$ORIGIN example\n");

        ZoneFileReader.ReadOriginDirective(folder.Combine("with.zone")).ShouldBe(DomainName.Parse("example.com."));
        ZoneFileReader.ReadOriginDirective(folder.Combine("late.zone")).ShouldBeNull();
        ZoneFileReader.ReadOriginDirective(folder.Combine("relative.zone")).ShouldBeNull();
    }
}
