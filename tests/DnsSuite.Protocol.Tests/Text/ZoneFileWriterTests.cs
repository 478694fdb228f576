using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;

namespace DnsSuite.Protocol.Tests.Text;

public class ZoneFileWriterTests
{
    private static readonly DomainName Example = DomainName.Parse("example.");

    private const string Zone = """
        $TTL 300
        z           A       192.0.2.9
        *.a         TXT     "wild"
        a           TXT     "b"
        a           TXT     "a"
        A           A       192.0.2.2
        a           A       192.0.2.1
        @           NS      ns
        @           SOA     ns host 1 2 3 4 5
        yljkjljk.a  A       192.0.2.3
        Z.a         A       192.0.2.4
        zABC.a      A       192.0.2.5
        \001.z      A       192.0.2.6
        z\200.z     A       192.0.2.7
        ns          A       192.0.2.53
        """;

    [Test]
    public void ToText_OrdersSoaFirstThenOwnersCanonicallyThenTypeThenRdata()
    {
        string text = ZoneFileWriter.ToText(Example, ZoneFileReader.Read(Zone, Example));

        // RFC 4034 §6.1's example order, with the SOA moved to the front.
        text.ShouldBe("""
            example.	300	IN	SOA	ns.example. host.example. 1 2 3 4 5
            example.	300	IN	NS	ns.example.
            a.example.	300	IN	A	192.0.2.1
            A.example.	300	IN	A	192.0.2.2
            a.example.	300	IN	TXT	"a"
            a.example.	300	IN	TXT	"b"
            *.a.example.	300	IN	TXT	"wild"
            yljkjljk.a.example.	300	IN	A	192.0.2.3
            Z.a.example.	300	IN	A	192.0.2.4
            zABC.a.example.	300	IN	A	192.0.2.5
            ns.example.	300	IN	A	192.0.2.53
            z.example.	300	IN	A	192.0.2.9
            \001.z.example.	300	IN	A	192.0.2.6
            z\200.z.example.	300	IN	A	192.0.2.7

            """.ReplaceLineEndings("\n"));
    }

    [Test]
    public void ToText_IsTheSameForAnyInputOrder()
    {
        List<ResourceRecord> records = [.. ZoneFileReader.Read(Zone, Example)];
        string forward = ZoneFileWriter.ToText(Example, records);

        records.Reverse();

        ZoneFileWriter.ToText(Example, records).ShouldBe(forward);
    }

    [Test]
    public void ToText_ReadsBackAsTheSameRecords()
    {
        const string escapes = "$TTL 1\n@ SOA ns host 1 2 3 4 5\na\\.b\\ c TXT \"q\\\"uote;\" \"\\255\"\n\\@\\$ CNAME a\\.b\\ c\nt TYPE65280 \\# 2 0102\n";
        List<ResourceRecord> records = [.. ZoneFileReader.Read(escapes, Example)];

        ZoneFileReader.Read(ZoneFileWriter.ToText(Example, records), Example).ShouldBe(records, ignoreOrder: true);
    }
}
