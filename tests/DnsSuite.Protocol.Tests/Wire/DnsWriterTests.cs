using DnsSuite.Protocol;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Tests.Wire;

public class DnsWriterTests
{
    private static string WriteNames(params string[] names)
    {
        byte[] buffer = new byte[512];
        var writer = new DnsWriter(buffer, new CompressionTable());
        foreach (string name in names)
        {
            writer.WriteName(DomainName.Parse(name));
        }

        return Convert.ToHexString(writer.Written).ToLowerInvariant();
    }

    private const string ExampleHex = "076578616d706c6500";

    private static IEnumerable<TestCaseData> CompressionCases()
    {
        yield return new TestCaseData(new[] { "example." }, ExampleHex).SetName("single name");
        yield return new TestCaseData(new[] { "example.", "www.example." }, ExampleHex + "03777777c000").SetName("suffix written first");
        yield return new TestCaseData(new[] { "www.example.", "example." }, "03777777" + ExampleHex + "c004").SetName("suffix of an earlier name");
        yield return new TestCaseData(new[] { "www.example.", "www.example." }, "03777777" + ExampleHex + "c000").SetName("whole name repeated");
        yield return new TestCaseData(new[] { "example.", "EXAMPLE." }, ExampleHex + "c000").SetName("case-insensitive match");
        yield return new TestCaseData(new[] { "a.example.", "b.example.", "A.EXAMPLE." }, "0161" + ExampleHex + "0162c002c000").SetName("shared suffix");
        yield return new TestCaseData(new[] { "www.example.", "mail.www.example." }, "03777777" + ExampleHex + "046d61696cc000").SetName("longest suffix wins");
        yield return new TestCaseData(new[] { ".", "." }, "0000").SetName("root is never a pointer");
        yield return new TestCaseData(new[] { "example.", "example.com." }, ExampleHex + "076578616d706c6503636f6d00").SetName("label match but different suffix");
        yield return new TestCaseData(new[] { "xample.", "example." }, "0678616d706c6500" + ExampleHex).SetName("no match inside a label");
    }

    [TestCaseSource(nameof(CompressionCases))]
    public void WriteName_WithTable_CompressesToExpectedOctets(string[] names, string expectedHex)
    {
        WriteNames(names).ShouldBe(expectedHex);
    }

    [Test]
    public void WriteName_WithoutTable_WritesUncompressed()
    {
        byte[] buffer = new byte[64];
        var writer = new DnsWriter(buffer);
        writer.WriteName(DomainName.Parse("example."));
        writer.WriteName(DomainName.Parse("example."));
        Convert.ToHexString(writer.Written).ToLowerInvariant().ShouldBe(ExampleHex + ExampleHex);
    }

    [Test]
    public void WriteName_CompressFalse_WritesInFullButStaysATarget()
    {
        byte[] buffer = new byte[64];
        var writer = new DnsWriter(buffer, new CompressionTable());
        writer.WriteName(DomainName.Parse("example."));
        writer.WriteName(DomainName.Parse("example."), compress: false);
        writer.WriteName(DomainName.Parse("www.example."));
        Convert.ToHexString(writer.Written).ToLowerInvariant().ShouldBe(ExampleHex + ExampleHex + "03777777c000");
    }

    [Test]
    public void WriteName_NeverPointsPastOffset3FFF()
    {
        byte[] buffer = new byte[0x4100];
        var writer = new DnsWriter(buffer, new CompressionTable());
        writer.WriteBytes(new byte[0x3FFF]);
        writer.WriteName(DomainName.Parse("example.")); // at 0x3FFF: the last reachable offset
        writer.WriteName(DomainName.Parse("www.example.")); // "www" at 0x4008 is too far to be a target
        writer.WriteName(DomainName.Parse("www.example."));
        Convert.ToHexString(writer.Written[0x3FFF..]).ToLowerInvariant()
            .ShouldBe(ExampleHex + "03777777ffff" + "03777777ffff");
    }

    [Test]
    public void Rewind_ForgetsCompressionTargetsInTheRewoundArea()
    {
        byte[] buffer = new byte[128];
        var writer = new DnsWriter(buffer, new CompressionTable());
        writer.WriteName(DomainName.Parse("a."));
        int mark = writer.Position;
        writer.WriteName(DomainName.Parse("www.example."));
        writer.Rewind(mark);
        writer.WriteBytes([0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE]);
        writer.WriteName(DomainName.Parse("example."));
        writer.WriteName(DomainName.Parse("x.a."));
        Convert.ToHexString(writer.Written).ToLowerInvariant()
            .ShouldBe("016100" + "eeeeeeeeeeeeeeee" + ExampleHex + "0178c000");
    }

    [Test]
    public void Overflow_IgnoresEverythingUntilRewind()
    {
        byte[] buffer = new byte[10];
        var writer = new DnsWriter(buffer);
        writer.WriteName(DomainName.Parse("example."));
        writer.Overflow.ShouldBeFalse();
        writer.WriteUInt16(0x1234);
        writer.Overflow.ShouldBeTrue();
        writer.WriteByte(0x56); // would fit, but the writer has stopped
        writer.Position.ShouldBe(9);
        writer.Rewind(9);
        writer.Overflow.ShouldBeFalse();
        writer.WriteByte(0x56);
        Convert.ToHexString(writer.Written).ToLowerInvariant().ShouldBe(ExampleHex + "56");
    }

    [Test]
    public void Overflow_InTheMiddleOfANameLeavesNoTargetAfterRewind()
    {
        byte[] buffer = new byte[12];
        var writer = new DnsWriter(buffer, new CompressionTable());
        writer.WriteName(DomainName.Parse("www.example.")); // 13 octets: the root octet does not fit
        writer.Overflow.ShouldBeTrue();
        writer.Rewind(0);
        writer.WriteName(DomainName.Parse("example."));
        writer.WriteName(DomainName.Parse("x."));
        Convert.ToHexString(writer.Written).ToLowerInvariant().ShouldBe(ExampleHex + "017800");
        writer.Overflow.ShouldBeFalse();
    }

    private delegate void WriteStep(ref DnsWriter writer);

    private static readonly (string Name, int Size, WriteStep Write)[] Writes =
    [
        ("byte", 1, (ref DnsWriter w) => w.WriteByte(0xAB)),
        ("uint16", 2, (ref DnsWriter w) => w.WriteUInt16(0xABAB)),
        ("uint32", 4, (ref DnsWriter w) => w.WriteUInt32(0xABABABAB)),
        ("uint48", 6, (ref DnsWriter w) => w.WriteUInt48(0xABABABABABAB)),
        ("bytes", 3, (ref DnsWriter w) => w.WriteBytes([0xAB, 0xAB, 0xAB])),
        ("length slot", 2, (ref DnsWriter w) => w.BeginLength()),
    ];

    [Test]
    public void EveryWrite_ThatDoesNotFit_SetsOverflowAndWritesNothingMore()
    {
        foreach ((string name, int size, WriteStep write) in Writes)
        {
            byte[] buffer = new byte[size];
            var writer = new DnsWriter(buffer);
            writer.WriteByte(0x01);
            write(ref writer);
            writer.Overflow.ShouldBeTrue(name);
            writer.Position.ShouldBe(1, name);
            buffer.Skip(1).ShouldAllBe(b => b == 0, name);
            writer.WriteByte(0x01);
            writer.Position.ShouldBe(1, name);

            var roomy = new DnsWriter(buffer);
            write(ref roomy);
            roomy.Overflow.ShouldBeFalse(name);
            roomy.Position.ShouldBe(size, name);
        }
    }

    [Test]
    public void CompositeWrite_ThatDoesNotFit_IsUndoneByRewind()
    {
        byte[] buffer = new byte[3];
        var writer = new DnsWriter(buffer);
        writer.WriteByte(0x01);
        int mark = writer.Position;
        writer.WriteCharacterString([0xAB, 0xAB]); // the length octet fits, the data does not
        writer.Overflow.ShouldBeTrue();
        writer.Rewind(mark);
        writer.Written.ToArray().ShouldBe(new byte[] { 0x01 });
        writer.WriteCharacterString([0xCD]);
        writer.Written.ToArray().ShouldBe(new byte[] { 0x01, 0x01, 0xCD });
    }

    [Test]
    public void BeginLengthEndLength_FillsTheOctetsWrittenBetween()
    {
        byte[] buffer = new byte[32];
        var writer = new DnsWriter(buffer);
        int outer = writer.BeginLength();
        writer.WriteByte(0xAA);
        int inner = writer.BeginLength();
        writer.WriteUInt32(0xBBBBBBBB);
        writer.EndLength(inner);
        writer.EndLength(outer);
        Convert.ToHexString(writer.Written).ShouldBe("0007AA0004BBBBBBBB");
    }

    [Test]
    public void EndLength_AfterOverflow_LeavesTheSlotAlone()
    {
        byte[] buffer = new byte[4];
        var writer = new DnsWriter(buffer);
        int slot = writer.BeginLength();
        writer.WriteUInt32(1);
        writer.EndLength(slot);
        writer.Overflow.ShouldBeTrue();
        Convert.ToHexString(buffer).ShouldBe("00000000");
    }

    [Test]
    public void WriteCharacterString_Over255Octets_Throws()
    {
        byte[] buffer = new byte[300];
        Should.Throw<ArgumentException>(() =>
        {
            var writer = new DnsWriter(buffer);
            writer.WriteCharacterString(new byte[256]);
        });
    }

    [Test]
    public void PatchUInt16_OnlyPatchesWrittenOctets()
    {
        byte[] buffer = new byte[8];
        var writer = new DnsWriter(buffer);
        writer.WriteUInt32(0);
        writer.PatchUInt16(2, 0xABCD);
        writer.PatchUInt16(3, 0xFFFF);
        Convert.ToHexString(writer.Written).ShouldBe("0000ABCD");
    }

    [Test]
    public void CompressionTable_IsReusableAcrossWriters()
    {
        var table = new CompressionTable();
        byte[] first = new byte[64];
        var writer = new DnsWriter(first, table);
        writer.WriteName(DomainName.Parse("example."));
        byte[] second = new byte[64];
        writer = new DnsWriter(second, table);
        writer.WriteByte(0);
        writer.WriteName(DomainName.Parse("example."));
        Convert.ToHexString(writer.Written).ToLowerInvariant().ShouldBe("00" + ExampleHex);
    }

    [Test]
    public void CompressionTable_ManyNames_KeepsWorkingWhenFull()
    {
        byte[] buffer = new byte[ushort.MaxValue];
        var writer = new DnsWriter(buffer, new CompressionTable());
        for (int i = 0; i < 5000 && !writer.Overflow; i++)
        {
            writer.WriteName(DomainName.Parse($"h{i}.example."));
        }

        var reader = new DnsReader(writer.Written);
        int names = 0;
        while (reader.Remaining > 0)
        {
            reader.TryReadName(out DomainName? name).ShouldBeTrue(reader.Error);
            name.ShouldBe(DomainName.Parse($"h{names}.example."));
            names++;
        }

        names.ShouldBeGreaterThan(3000);
    }

    [Test]
    public void WriteName_SuffixWhoseHashMatchesAnUnfinishedName_DoesNotReadPastTheWrittenOctets()
    {
        // FNV-1a over the octets 07 "rccnahj" returns to its offset basis (found by a meet-in-the-middle
        // search), so "rccnahj.rccnahj." and its suffix "rccnahj." hash alike: the table finds the
        // half-written longer name while writing it and must not read beyond what is written.
        DomainName label = DomainName.Parse("rccnahj.");
        DomainName twice = DomainName.Parse("rccnahj.rccnahj.");
        DomainName.ComputeHash(twice.Wire).ShouldBe(DomainName.ComputeHash(label.Wire));
        byte[] buffer = new byte[64];
        var writer = new DnsWriter(buffer, new CompressionTable());
        writer.WriteName(twice);
        writer.WriteName(label);
        var reader = new DnsReader(writer.Written);
        reader.TryReadName(out DomainName? first).ShouldBeTrue();
        reader.TryReadName(out DomainName? second).ShouldBeTrue();
        (first, second).ShouldBe((twice, label));
        reader.Remaining.ShouldBe(0);
    }
}
