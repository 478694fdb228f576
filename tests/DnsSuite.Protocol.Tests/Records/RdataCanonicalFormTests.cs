using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Tests.Records;

/// <summary>Name case in canonical form (RFC 4034 §6.2 as amended by RFC 6840 §5.1) and name compression (RFC 3597 §4).</summary>
public class RdataCanonicalFormTests
{
    [TestCase("NS", "NS.Example.", true)]
    [TestCase("CNAME", "Target.Example.", true)]
    [TestCase("PTR", "Host.Example.", true)]
    [TestCase("DNAME", "Other.Example.", true)]
    [TestCase("MB", "Mb.Example.", true)]
    [TestCase("SOA", "NS.Example. Host.Example. 1 2 3 4 5", true)]
    [TestCase("MX", "10 MAIL.Example.", true)]
    [TestCase("KX", "10 KX.Example.", true)]
    [TestCase("AFSDB", "1 AFS.Example.", true)]
    [TestCase("MINFO", "R.Example. E.Example.", true)]
    [TestCase("RP", "Mbox.Example. Txt.Example.", true)]
    [TestCase("SRV", "0 0 1 SIP.Example.", true)]
    [TestCase("NAPTR", "1 1 \"\" \"\" \"\" Repl.Example.", true)]
    [TestCase("RRSIG", "A 8 2 300 1 1 1 SIGNER.Example. /w==", true)]
    [TestCase("NSEC", "NEXT.Example. A", false)]
    [TestCase("SVCB", "1 TARGET.Example.", false)]
    [TestCase("HTTPS", "1 TARGET.Example.", false)]
    public void CanonicalForm_LowerCasesOnlyListedTypes(string type, string text, bool lowered)
    {
        RecordType rrtype = RdataFormatTests.TypeOf(type);
        Rdata rdata = Rdata.Parse(rrtype, text);
        string asWritten = RdataFormatTests.WireHex(rdata);
        string lowerCased = RdataFormatTests.WireHex(Rdata.Parse(rrtype, text.ToLowerInvariant()));
        asWritten.ShouldNotBe(lowerCased);

        Convert.ToHexString(rdata.ToCanonicalWire()).ShouldBe(lowered ? lowerCased : asWritten);
        rdata.CanonicalWireLength().ShouldBe(asWritten.Length / 2);
    }

    [TestCase("NS", "ns.example.", true)]
    [TestCase("CNAME", "c.example.", true)]
    [TestCase("PTR", "p.example.", true)]
    [TestCase("MB", "mb.example.", true)]
    [TestCase("MD", "md.example.", true)]
    [TestCase("MF", "mf.example.", true)]
    [TestCase("MG", "mg.example.", true)]
    [TestCase("MR", "mr.example.", true)]
    [TestCase("SOA", "ns.example. h.example. 1 2 3 4 5", true)]
    [TestCase("MX", "10 mx.example.", true)]
    [TestCase("MINFO", "r.example. e.example.", true)]
    [TestCase("DNAME", "d.example.", false)]
    [TestCase("SRV", "0 0 1 sip.example.", false)]
    [TestCase("NAPTR", "1 1 \"\" \"\" \"\" r.example.", false)]
    [TestCase("RRSIG", "A 8 2 300 1 1 1 example. /w==", false)]
    [TestCase("NSEC", "n.example. A", false)]
    [TestCase("SVCB", "1 s.example.", false)]
    [TestCase("HTTPS", "1 s.example.", false)]
    [TestCase("KX", "10 kx.example.", false)]
    [TestCase("AFSDB", "1 afs.example.", false)]
    [TestCase("RP", "m.example. t.example.", false)]
    [TestCase("TSIG", "hmac.example. 1 1 0 1 NOERROR 0", false)]
    public void WriteTo_WithCompressionTable_CompressesOnlyRfc1035Types(string type, string text, bool compressed)
    {
        Rdata rdata = Rdata.Parse(RdataFormatTests.TypeOf(type), text);
        var buffer = new byte[1024];
        var writer = new DnsWriter(buffer, new CompressionTable());
        writer.WriteName(DomainName.Parse("example."));
        int start = writer.Position;

        rdata.WriteTo(ref writer);

        string written = Convert.ToHexString(writer.Written[start..]);
        string uncompressed = RdataFormatTests.WireHex(rdata);
        if (compressed)
        {
            written.Length.ShouldBeLessThan(uncompressed.Length);
            written.ShouldContain("C000");
            DnsReader window = Window(buffer, start, writer.Position);
            Rdata.TryRead(rdata.Type, ref window, out Rdata? decoded).ShouldBeTrue();
            decoded.ShouldBe(rdata);
        }
        else
        {
            written.ShouldBe(uncompressed);
        }
    }

    private static DnsReader Window(byte[] buffer, int start, int end)
    {
        var reader = new DnsReader(buffer.AsSpan(0, end));
        reader.TryReadBytes(start, out _).ShouldBeTrue();
        return reader;
    }
}
