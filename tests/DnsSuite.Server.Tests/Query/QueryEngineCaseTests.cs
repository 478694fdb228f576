using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;

namespace DnsSuite.Server.Tests.Query;

[TestFixture]
public class QueryEngineCaseTests
{
    private const string Soa = "example.com. 300 IN SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300";
    private static readonly string[] WwwA = ["www.example.com. 3600 IN A 192.0.2.10", "www.example.com. 3600 IN A 192.0.2.11"];
    private static readonly string[] MailAddresses = ["mail.example.com. 3600 IN A 192.0.2.25", "mail.example.com. 3600 IN AAAA 2001:db8::25"];
    private static readonly string[] SubReferral = ["sub.example.com. 3600 IN NS ns.sub.example.com.", "sub.example.com. 3600 IN NS ns.example.net."];
    private static readonly string[] SubGlue = ["ns.sub.example.com. 3600 IN A 192.0.2.99", "ns.sub.example.com. 3600 IN AAAA 2001:db8::99"];

    private static readonly QueryCase[] Cases =
    [
        // Exact match, NODATA, NXDOMAIN (RFC 2308 §2.1, §2.2: SOA TTL = min(TTL, MINIMUM) = 300).
        new("www.example.com.", RecordType.A, ResponseCode.NoError, true, WwwA),
        new("www.example.com.", RecordType.TXT, ResponseCode.NoError, true, [], [Soa]),
        new("nothere.example.com.", RecordType.A, ResponseCode.NXDomain, true, [], [Soa]),
        new("www.example.com.", RecordType.RRSIG, ResponseCode.NoError, true, [], [Soa]),

        // CNAME: followed, chains, loops, out of zone, ending in NXDOMAIN (RFC 6604), asked for itself.
        new("alias.example.com.", RecordType.A, ResponseCode.NoError, true, ["alias.example.com. 3600 IN CNAME www.example.com.", .. WwwA]),
        new("chain1.example.com.", RecordType.AAAA, ResponseCode.NoError, true,
            ["chain1.example.com. 3600 IN CNAME chain2.example.com.", "chain2.example.com. 3600 IN CNAME alias.example.com.",
             "alias.example.com. 3600 IN CNAME www.example.com.", "www.example.com. 3600 IN AAAA 2001:db8::10"]),
        new("loop1.example.com.", RecordType.A, ResponseCode.NoError, true,
            ["loop1.example.com. 3600 IN CNAME loop2.example.com.", "loop2.example.com. 3600 IN CNAME loop1.example.com."]),
        new("out.example.com.", RecordType.A, ResponseCode.NoError, true, ["out.example.com. 3600 IN CNAME www.example.net."]),
        new("tonx.example.com.", RecordType.A, ResponseCode.NXDomain, true, ["tonx.example.com. 3600 IN CNAME nothere.example.com."], [Soa]),
        new("alias.example.com.", RecordType.CNAME, ResponseCode.NoError, true, ["alias.example.com. 3600 IN CNAME www.example.com."]),

        // DNAME (RFC 6672 §3.2): the DNAME, a synthesized CNAME with its TTL, then the new name if in zone.
        new("x.dn.example.com.", RecordType.A, ResponseCode.NoError, true,
            ["dn.example.com. 3600 IN DNAME example.org.", "x.dn.example.com. 3600 IN CNAME x.example.org."]),
        new("x.indn.example.com.", RecordType.A, ResponseCode.NoError, true,
            ["indn.example.com. 3600 IN DNAME target.example.com.", "x.indn.example.com. 3600 IN CNAME x.target.example.com.",
             "x.target.example.com. 3600 IN A 192.0.2.30"]),
        new("x.indn.example.com.", RecordType.CNAME, ResponseCode.NoError, true,
            ["indn.example.com. 3600 IN DNAME target.example.com.", "x.indn.example.com. 3600 IN CNAME x.target.example.com."]),
        new("dn.example.com.", RecordType.DNAME, ResponseCode.NoError, true, ["dn.example.com. 3600 IN DNAME example.org."]),

        // Referrals: AA clear, NS in authority, glue for in-bailiwick targets only; DS at the cut is the parent's.
        new("host.sub.example.com.", RecordType.A, ResponseCode.NoError, false, [], SubReferral, SubGlue),
        new("sub.example.com.", RecordType.NS, ResponseCode.NoError, false, [], SubReferral, SubGlue),
        new("sub.example.com.", RecordType.DS, ResponseCode.NoError, true,
            ["sub.example.com. 3600 IN DS 12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"]),
        new("todeleg.example.com.", RecordType.A, ResponseCode.NoError, true, ["todeleg.example.com. 3600 IN CNAME host.sub.example.com."], SubReferral, SubGlue),

        // Wildcards (RFC 4592): synthesis with the query name as owner; blocked by existing names and ENTs.
        new("a.wild.example.com.", RecordType.A, ResponseCode.NoError, true, ["a.wild.example.com. 3600 IN A 192.0.2.77"]),
        new("a.b.wild.example.com.", RecordType.A, ResponseCode.NoError, true, ["a.b.wild.example.com. 3600 IN A 192.0.2.77"]),
        new("a.wild.example.com.", RecordType.MX, ResponseCode.NoError, true, ["a.wild.example.com. 3600 IN MX 10 mail.example.com."], [], MailAddresses),
        new("a.wild.example.com.", RecordType.TXT, ResponseCode.NoError, true, [], [Soa]),
        new("host.wild.example.com.", RecordType.TXT, ResponseCode.NoError, true, [], [Soa]),
        new("*.wild.example.com.", RecordType.A, ResponseCode.NoError, true, ["*.wild.example.com. 3600 IN A 192.0.2.77"]),
        new("q.wc.example.com.", RecordType.A, ResponseCode.NoError, true, ["q.wc.example.com. 3600 IN CNAME www.example.com.", .. WwwA]),
        new("z.y.example.com.", RecordType.TXT, ResponseCode.NoError, true, ["z.y.example.com. 3600 IN TXT \"wild y\""]),
        new("y.ent.y.example.com.", RecordType.TXT, ResponseCode.NXDomain, true, [], [Soa]),
        new("ent.y.example.com.", RecordType.TXT, ResponseCode.NoError, true, [], [Soa]),

        // Additional section: A/AAAA of in-zone NS, MX and SRV targets, each once; no glue for MX.
        new("example.com.", RecordType.MX, ResponseCode.NoError, true,
            ["example.com. 3600 IN MX 10 mail.example.com.", "example.com. 3600 IN MX 20 mail.example.net."], [], MailAddresses),
        new("mx2.example.com.", RecordType.MX, ResponseCode.NoError, true,
            ["mx2.example.com. 3600 IN MX 10 mail.example.com.", "mx2.example.com. 3600 IN MX 20 www.example.com.", "mx2.example.com. 3600 IN MX 30 mail.example.com."],
            [], [.. MailAddresses, .. WwwA, "www.example.com. 3600 IN AAAA 2001:db8::10"]),
        new("mxglue.example.com.", RecordType.MX, ResponseCode.NoError, true, ["mxglue.example.com. 3600 IN MX 10 ns.sub.example.com."]),
        new("_sip._tcp.example.com.", RecordType.SRV, ResponseCode.NoError, true,
            ["_sip._tcp.example.com. 3600 IN SRV 0 5 5060 sipserver.example.com."], [], ["sipserver.example.com. 3600 IN A 192.0.2.70"]),
        new("example.com.", RecordType.NS, ResponseCode.NoError, true,
            ["example.com. 3600 IN NS ns1.example.com.", "example.com. 3600 IN NS ns2.example.net."], [],
            ["ns1.example.com. 3600 IN A 192.0.2.53", "ns1.example.com. 3600 IN AAAA 2001:db8::53"]),

        // ANY (RFC 8482 §4.2): one RRset, the first in type order.
        new("example.com.", RecordType.ANY, ResponseCode.NoError, true, ["example.com. 3600 IN A 192.0.2.1"]),
        new("alias.example.com.", RecordType.ANY, ResponseCode.NoError, true, ["alias.example.com. 3600 IN CNAME www.example.com."]),

        // Parent and child zone both served: the longest match answers, except DS at the child apex.
        new("www.child.example.com.", RecordType.A, ResponseCode.NoError, true, ["www.child.example.com. 600 IN A 192.0.2.81"]),
        new("child.example.com.", RecordType.NS, ResponseCode.NoError, true, ["child.example.com. 600 IN NS ns1.child.example.com."], [],
            ["ns1.child.example.com. 600 IN A 192.0.2.80"]),
        new("child.example.com.", RecordType.DS, ResponseCode.NoError, true,
            ["child.example.com. 3600 IN DS 54321 13 2 FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210"]),
        new("nothere.child.example.com.", RecordType.A, ResponseCode.NXDomain, true, [],
            ["child.example.com. 60 IN SOA ns1.child.example.com. hostmaster.child.example.com. 7 3600 600 86400 60"]),
    ];

    private readonly QueryEngineHarness _harness = new();

    [TestCaseSource(nameof(Cases))]
    public void Query_AnswersPerTable(QueryCase query)
    {
        Message response = _harness.Ask(query.Name, query.Type);

        Assert.Multiple(() =>
        {
            response.ResponseCode.ShouldBe(query.ResponseCode);
            response.Flags.HasFlag(HeaderFlags.AA).ShouldBe(query.Authoritative, "AA");
            response.Flags.HasFlag(HeaderFlags.TC).ShouldBeFalse("TC");
            QueryEngineHarness.Lines(response.Answers).ShouldBe(QueryEngineHarness.Lines(query.Answer), "answer");
            QueryEngineHarness.Lines(response.Authority).ShouldBe(QueryEngineHarness.Lines(query.Authority), "authority");
            QueryEngineHarness.Lines(response.Additional).ShouldBe(QueryEngineHarness.Lines(query.Additional), "additional");
        });
    }
}
