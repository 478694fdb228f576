using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Notify;
using DnsSuite.Server.Transfer;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;
using DnsSuite.Zones;

namespace DnsSuite.InteropTests.Transfer;

/// <summary>
/// Our primary (in process, real listeners) with BIND, Knot and NSD as secondaries: the initial AXFR, then a
/// random stream of changes that reaches each secondary by NOTIFY and IXFR, after which each secondary's copy
/// equals ours record for record.
/// </summary>
[TestFixture]
[Category("Interop")]
public class PrimaryToPeerSecondaryTests
{
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Apexes = ["example.com.", "example.net.", "example.org."];
    private static readonly PeerTsigKey Tsig = new("transfer-key.", "hmac-sha256", "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=");

    private PeerServer? _peer;

    [TearDown]
    public async Task StopPeerAsync()
    {
        if (_peer is not null && TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Passed)
        {
            await TestContext.Out.WriteLineAsync($"===== {_peer.Software} on port {_peer.Port} =====\n{_peer.Log}");
        }

        _peer?.Dispose();
        _peer = null;
    }

    [TestCase("bind")]
    [TestCase("knot")]
    [TestCase("nsd")]
    public async Task PeerSecondary_FollowsRandomChanges_ByNotifyAndIxfr_AndEndsEqual(string software)
    {
        int port = FreePort.Next();
        await using InProcessPrimary primary = InProcessPrimary.Start(
            Apexes.Select(apex => InitialZone(apex, serial: 1)),
            new TransferOptions { AllowTransfer = ["127.0.0.1"] },
            NotifyOptions(port, key: null),
            new TsigKeyRing());
        _peer = await StartSecondaryAsync(software, Apexes, primary.EndPoint, tsig: null, port);
        foreach (string apex in Apexes)
        {
            await _peer.WaitForSerialAsync(apex, 1, TransferTimeout);
        }

        var random = new Random(1234);
        for (int phase = 0; phase < 2; phase++)
        {
            for (int i = 0; i < 1000; i++)
            {
                string apex = Apexes[random.Next(Apexes.Length)];
                primary.Publish(apex, transaction => RandomChange(transaction, random));
            }

            foreach (string apex in Apexes)
            {
                await _peer.WaitForSerialAsync(apex, primary.Zone(apex).Current.Serial, TransferTimeout);
            }
        }

        foreach (string apex in Apexes)
        {
            ZoneVersion ours = primary.Zone(apex).Current;
            List<ResourceRecord> theirs = await AxfrAsync(_peer.EndPoint, apex);
            theirs.ShouldBe(ours.EnumerateRecords(), ignoreOrder: true, $"{software}'s copy of {apex}");
        }

        primary.TransferLog.Messages.ShouldContain(line => line.StartsWith("IXFR of ", StringComparison.Ordinal), $"{software} should have used IXFR after the initial transfer");
    }

    [TestCase("bind")]
    [TestCase("knot")]
    [TestCase("nsd")]
    public async Task PeerSecondary_WithTsigRequired_TransfersWithTheKey_AndUnsignedIsRefused(string software)
    {
        int port = FreePort.Next();
        TsigKey key = ToKey(Tsig);
        await using InProcessPrimary primary = InProcessPrimary.Start(
            [InitialZone(Apexes[0], serial: 10)],
            new TransferOptions { AllowTransfer = [$"key:{Tsig.AbsoluteName}"] },
            NotifyOptions(port, key: Tsig.AbsoluteName),
            new TsigKeyRing([key]));
        _peer = await StartSecondaryAsync(software, [Apexes[0]], primary.EndPoint, Tsig, port);
        await _peer.WaitForSerialAsync(Apexes[0], 10, TransferTimeout);

        primary.Publish(Apexes[0], transaction => transaction.Add(Records.Rr("signed 300 IN A 192.0.2.77", Apexes[0])));
        await _peer.WaitForSerialAsync(Apexes[0], 11, TransferTimeout);
        (await _peer.QueryAsync("signed.example.com.", "A")).ShouldBe(["192.0.2.77"]);

        Message refused = await new DnsClient().QueryAsync(
            primary.EndPoint, Message.CreateQuery(DomainName.Parse(Apexes[0]), RecordType.AXFR, 7), DnsTransport.Tcp, TimeSpan.FromSeconds(10), CancellationToken.None);
        refused.ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    private static ZoneVersion InitialZone(string apex, uint serial) =>
        ZoneVersion.Create(DomainName.Parse(apex), Records.Rrs(
            apex,
            $"@ 300 IN SOA ns1 hostmaster {serial} 3600 600 86400 300",
            "@ 300 IN NS ns1",
            "ns1 300 IN A 127.0.0.1",
            "www 300 IN A 192.0.2.1"));

    /// <summary>Adds or removes an A or TXT record among a small set of names, so that later changes often undo earlier ones.</summary>
    private static void RandomChange(ZoneTransaction transaction, Random random)
    {
        string name = $"h{random.Next(40)}";
        ResourceRecord record = random.Next(2) == 0
            ? Records.Rr($"{name} 300 IN A 192.0.2.{random.Next(8)}", transaction.Origin.ToString())
            : Records.Rr($"{name} 300 IN TXT \"v{random.Next(8)}\"", transaction.Origin.ToString());
        if (!transaction.Remove(record))
        {
            transaction.Add(record);
        }
    }

    private static NotifyOptions NotifyOptions(int port, string? key) => new()
    {
        NotifyNameServers = false,
        AlsoNotify = [new IPEndPoint(IPAddress.Loopback, port).ToString()],
        Key = key,
    };

    private static TsigKey ToKey(PeerTsigKey key) =>
        new(DomainName.Parse(key.AbsoluteName), TsigAlgorithm.TryParse(key.Algorithm, out TsigAlgorithm? algorithm) ? algorithm : throw new ArgumentException(key.Algorithm), Convert.FromBase64String(key.Secret));

    private static async Task<PeerServer> StartSecondaryAsync(string software, string[] zones, IPEndPoint primary, PeerTsigKey? tsig, int port) => software switch
    {
        "bind" => await BindServer.StartSecondaryAsync(zones, primary, tsig, port: port),
        "knot" => await KnotServer.StartSecondaryAsync(zones, primary, tsig, port: port),
        "nsd" => await NsdServer.StartSecondaryAsync(zones, primary, tsig, port: port),
        _ => throw new ArgumentOutOfRangeException(nameof(software)),
    };

    /// <summary>The peer's copy of the zone by AXFR, without the closing SOA.</summary>
    private static async Task<List<ResourceRecord>> AxfrAsync(IPEndPoint server, string apex)
    {
        var records = new List<ResourceRecord>();
        int soas = 0;
        await foreach (Message message in new DnsClient().StreamTcpAsync(server, Message.CreateQuery(DomainName.Parse(apex), RecordType.AXFR, 99), TimeSpan.FromSeconds(20), CancellationToken.None))
        {
            message.ResponseCode.ShouldBe(ResponseCode.NoError);
            foreach (ResourceRecord record in message.Answers)
            {
                if (record.Type == RecordType.SOA && ++soas == 2)
                {
                    return records;
                }

                records.Add(record);
            }
        }

        throw new InvalidOperationException($"the AXFR of {apex} from {server} ended before its closing SOA");
    }
}
