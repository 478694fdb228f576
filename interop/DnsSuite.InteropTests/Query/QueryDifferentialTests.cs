using System.Net;
using System.Net.Sockets;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Server.Query;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;
using DnsSuite.TestSupport.Zones;

namespace DnsSuite.InteropTests.Query;

/// <summary>
/// Differential test: the same zones loaded into NSD and into our engine, the same raw queries sent to
/// both (NSD over UDP on loopback, our engine in-process), and RCODE, AA, TC and the sets of records
/// per section compared. Intentional differences, each applied below and nowhere else:
/// <list type="number">
/// <item>Minimal responses: NSD (minimal-responses: no, its default) adds the zone's apex NS RRset to
/// the authority section of positive answers and the A/AAAA of those NS targets to the additional
/// section. We leave them out, as Knot does (and NSD with minimal-responses: yes). The NS RRset is what
/// a resolver already used to reach us.</item>
/// <item>Truncated answers: NSD sends TC with empty sections; we keep the complete RRsets that fit
/// (RFC 2181 §9 allows both). When both set TC only the header is compared.</item>
/// <item>Additional records dropped for space: which ones fit depends on everything else in the
/// packet (NSD's extra authority NS takes room), so under a 512-octet limit we only require that we
/// keep at least what NSD keeps.</item>
/// <item>ANY (RFC 8482 §4.2, tested separately): both answer with a single RRset, but which one is up to the server: NSD
/// picks the first RRset it loaded (SOA at the apex), we pick the first in type order.</item>
/// </list>
/// </summary>
[TestFixture]
[Category("Interop")]
public class QueryDifferentialTests
{
    private static readonly string[] Names =
    [
        "example.com.", "www.example.com.", "WwW.ExAmPlE.cOm.", "nothere.example.com.", "a.b.nothere.example.com.",
        "ns1.example.com.", "mail.example.com.", "alias.example.com.", "chain1.example.com.", "chain2.example.com.",
        "loop1.example.com.", "out.example.com.", "tonx.example.com.", "todeleg.example.com.", "sub.example.com.",
        "host.sub.example.com.", "ns.sub.example.com.", "a.b.sub.example.com.", "child.example.com.", "www.child.example.com.",
        "ns1.child.example.com.", "nothere.child.example.com.", "a.wild.example.com.", "A.B.Wild.Example.Com.",
        "host.wild.example.com.", "*.wild.example.com.", "wild.example.com.", "q.wc.example.com.", "z.y.example.com.",
        "y.ent.y.example.com.", "ent.y.example.com.", "x.ent.y.example.com.", "dn.example.com.", "x.dn.example.com.",
        "a.b.dn.example.com.", "x.indn.example.com.", "y.indn.example.com.", "_sip._tcp.example.com.", "_tcp.example.com.",
        "mx2.example.com.", "mxglue.example.com.", "manymx.example.com.", "big.example.com.", "www.example.org.",
    ];

    private static readonly RecordType[] Types =
    [
        RecordType.A, RecordType.AAAA, RecordType.MX, RecordType.TXT, RecordType.NS, RecordType.SOA, RecordType.CNAME,
        RecordType.DS, RecordType.SRV, RecordType.DNAME, RecordType.PTR,
    ];

    private static readonly Edns?[] EdnsVariants = [null, new Edns(UdpPayloadSize: 1232), new Edns(UdpPayloadSize: 512)];

    private static readonly HashSet<string> ApexNames = new(StringComparer.OrdinalIgnoreCase) { "example.com.", "child.example.com." };

    [Test]
    public async Task Queries_AnswerLikeNsd()
    {
        using var dir = new TempDir();
        using NsdServer nsd = await NsdServer.StartPrimaryAsync(WriteZones(dir));
        var engine = new QueryEngine(QueryTestZones.CreateTable(), new QueryEngineOptions());
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[ushort.MaxValue];
        var differences = new List<string>();
        int compared = 0;
        ushort id = 0;

        foreach (string name in Names)
        {
            foreach (RecordType type in Types)
            {
                foreach (Edns? edns in EdnsVariants)
                {
                    var message = Message.CreateQuery(DomainName.Parse(name), type, ++id, edns);
                    byte[] query = message.ToArray();
                    int length = engine.Answer(query, buffer, DnsTransport.Udp);
                    Message.TryParse(buffer.AsSpan(0, length), out Message? ours, out string? error).ShouldBeTrue(error);
                    Message theirs = await AskAsync(udp, nsd.EndPoint, query, id);
                    string label = $"{name} {type} {(edns is null ? "no-EDNS" : $"EDNS {edns.UdpPayloadSize}")}";
                    Compare(label, ours, theirs, edns is null || edns.UdpPayloadSize == 512, differences);
                    compared++;
                }
            }
        }

        compared.ShouldBe(Names.Length * Types.Length * EdnsVariants.Length);
        differences.ShouldBeEmpty(string.Join("\n", differences));
    }

    [Test]
    public async Task Any_BothAnswerWithOneRRset()
    {
        using var dir = new TempDir();
        using NsdServer nsd = await NsdServer.StartPrimaryAsync(WriteZones(dir));
        var engine = new QueryEngine(QueryTestZones.CreateTable(), new QueryEngineOptions());
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[ushort.MaxValue];

        foreach (string name in new[] { "example.com.", "www.example.com.", "alias.example.com." })
        {
            byte[] query = Message.CreateQuery(DomainName.Parse(name), RecordType.ANY, 99, new Edns()).ToArray();
            Message.TryParse(buffer.AsSpan(0, engine.Answer(query, buffer, DnsTransport.Udp)), out Message? ours, out _).ShouldBeTrue();
            Message theirs = await AskAsync(udp, nsd.EndPoint, query, 99);

            ours.ResponseCode.ShouldBe(theirs.ResponseCode, name);
            ours.Answers.Select(r => r.Type).Distinct().Count().ShouldBe(1, name);
            theirs.Answers.Select(r => r.Type).Distinct().Count().ShouldBe(1, name);
        }
    }

    private static List<PeerZone> WriteZones(TempDir dir)
    {
        var zones = new List<PeerZone>();
        foreach ((string origin, string text) in QueryTestZones.All)
        {
            string path = Path.Combine(dir.Path, origin + "zone");
            File.WriteAllText(path, text);
            zones.Add(new PeerZone(origin, path));
        }

        return zones;
    }

    private static void Compare(string label, Message ours, Message theirs, bool smallLimit, List<string> differences)
    {
        void Check<T>(string what, T mine, T peer)
        {
            if (!EqualityComparer<T>.Default.Equals(mine, peer))
            {
                differences.Add($"{label}: {what} ours {mine}, NSD {peer}");
            }
        }

        Check("RCODE", ours.ResponseCode, theirs.ResponseCode);
        Check("AA", ours.Flags.HasFlag(HeaderFlags.AA), theirs.Flags.HasFlag(HeaderFlags.AA));
        Check("TC", ours.Flags.HasFlag(HeaderFlags.TC), theirs.Flags.HasFlag(HeaderFlags.TC));
        Check("EDNS", ours.Edns is null, theirs.Edns is null);
        if (ours.Flags.HasFlag(HeaderFlags.TC) || theirs.Flags.HasFlag(HeaderFlags.TC))
        {
            return; // Difference 2.
        }

        // Difference 1: NSD's apex NS in authority of positive answers, and its targets' addresses.
        bool positive = ours.Answers.Count > 0 && ours.Flags.HasFlag(HeaderFlags.AA);
        List<ResourceRecord> apexNs = positive
            ? [.. theirs.Authority.Where(r => r.Type == RecordType.NS && ApexNames.Contains(r.Name.ToString()))]
            : [];
        HashSet<string> apexTargets = new(apexNs.Select(r => ((NameRdata)r.Data).Target.ToString()), StringComparer.OrdinalIgnoreCase);

        Check("answer", Set(ours.Answers), Set(theirs.Answers));
        Check("authority", Set(ours.Authority), Set(theirs.Authority.Except(apexNs)));
        List<ResourceRecord> theirsAdditional = [.. theirs.Additional.Where(r => !apexTargets.Contains(r.Name.ToString()) || ours.Additional.Contains(r))];
        if (smallLimit)
        {
            // Difference 3.
            Check("additional (missing what NSD kept)", Set(theirsAdditional.Except(ours.Additional)), Set([]));
        }
        else
        {
            Check("additional", Set(ours.Additional), Set(theirsAdditional));
        }
    }

    private static string Set(IEnumerable<ResourceRecord> records) =>
        "[" + string.Join(" | ", records.Select(r => r.ToString().ToLowerInvariant()).Order(StringComparer.Ordinal)) + "]";

    private static async Task<Message> AskAsync(UdpClient udp, IPEndPoint server, byte[] query, ushort id)
    {
        for (int attempt = 1; ; attempt++)
        {
            await udp.SendAsync(query, server);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                while (true)
                {
                    UdpReceiveResult result = await udp.ReceiveAsync(timeout.Token);
                    Message.TryParse(result.Buffer, out Message? response, out string? error).ShouldBeTrue(error);
                    if (response.Id == id)
                    {
                        return response;
                    }
                }
            }
            catch (OperationCanceledException) when (attempt < 3)
            {
            }
        }
    }
}
