using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;

namespace DnsSuite.TestSupport.Zones;

/// <summary>
/// Zones that exercise every branch of authoritative query processing (RFC 1034 §4.3.2, RFC 4592,
/// RFC 6672): the query-engine tests and the differential test against NSD load the same text.
/// </summary>
public static class QueryTestZones
{
    public const string ExampleComOrigin = "example.com.";

    public const string ChildOrigin = "child.example.com.";

    public const string ExampleCom = """
        $ORIGIN example.com.
        $TTL 3600
        @          SOA   ns1 hostmaster 1 7200 3600 1209600 300
        @          NS    ns1
        @          NS    ns2.example.net.
        @          A     192.0.2.1
        @          MX    10 mail
        @          MX    20 mail.example.net.
        ns1        A     192.0.2.53
        ns1        AAAA  2001:db8::53
        www        A     192.0.2.10
        www        A     192.0.2.11
        www        AAAA  2001:db8::10
        mail       A     192.0.2.25
        mail       AAAA  2001:db8::25
        alias      CNAME www
        chain1     CNAME chain2
        chain2     CNAME alias
        loop1      CNAME loop2
        loop2      CNAME loop1
        out        CNAME www.example.net.
        tonx       CNAME nothere
        todeleg    CNAME host.sub
        sub        NS    ns.sub
        sub        NS    ns.example.net.
        sub        DS    12345 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
        ns.sub     A     192.0.2.99
        ns.sub     AAAA  2001:db8::99
        child      NS    ns1.child
        child      DS    54321 13 2 FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210
        ns1.child  A     192.0.2.80
        *.wild     A     192.0.2.77
        *.wild     MX    10 mail
        host.wild  A     192.0.2.78
        *.wc       CNAME www
        x.ent.y    A     192.0.2.5
        *.y        TXT   "wild y"
        dn         DNAME example.org.
        indn       DNAME target
        x.target   A     192.0.2.30
        _sip._tcp  SRV   0 5 5060 sipserver
        sipserver  A     192.0.2.70
        mx2        MX    10 mail
        mx2        MX    20 www
        mx2        MX    30 mail
        mxglue     MX    10 ns.sub
        big        TXT   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        big        TXT   "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc" "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
        big        TXT   "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee" "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        big        TXT   "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg" "hhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh"
        manymx     MX    10 m1
        manymx     MX    20 m2
        manymx     MX    30 m3
        manymx     MX    40 m4
        m1         AAAA  2001:db8::1:1
        m1         AAAA  2001:db8::1:2
        m1         AAAA  2001:db8::1:3
        m1         AAAA  2001:db8::1:4
        m1         AAAA  2001:db8::1:5
        m1         AAAA  2001:db8::1:6
        m2         AAAA  2001:db8::2:1
        m2         AAAA  2001:db8::2:2
        m2         AAAA  2001:db8::2:3
        m2         AAAA  2001:db8::2:4
        m2         AAAA  2001:db8::2:5
        m2         AAAA  2001:db8::2:6
        m3         AAAA  2001:db8::3:1
        m3         AAAA  2001:db8::3:2
        m3         AAAA  2001:db8::3:3
        m3         AAAA  2001:db8::3:4
        m3         AAAA  2001:db8::3:5
        m3         AAAA  2001:db8::3:6
        m4         AAAA  2001:db8::4:1
        m4         AAAA  2001:db8::4:2
        m4         AAAA  2001:db8::4:3
        m4         AAAA  2001:db8::4:4
        m4         AAAA  2001:db8::4:5
        m4         AAAA  2001:db8::4:6
        """;

    public const string Child = """
        $ORIGIN child.example.com.
        $TTL 600
        @          SOA   ns1 hostmaster 7 3600 600 86400 60
        @          NS    ns1
        ns1        A     192.0.2.80
        www        A     192.0.2.81
        """;

    /// <summary>Every zone, as (origin, zone-file text).</summary>
    public static IReadOnlyList<(string Origin, string Text)> All { get; } =
        [(ExampleComOrigin, ExampleCom), (ChildOrigin, Child)];

    /// <summary>A table serving every zone of <see cref="All"/>.</summary>
    public static ZoneTable CreateTable()
    {
        var table = new ZoneTable();
        foreach ((string origin, string text) in All)
        {
            DomainName apex = DomainName.Parse(origin);
            table.AddOrReplace(new Zone(ZoneVersion.Create(apex, ZoneFileReader.Read(text, apex))));
        }

        return table;
    }
}
