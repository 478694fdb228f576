using System.Text;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Protocol;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

public class ZoneMetadataTests
{
    private const string Metadata = """{"group":"blue","also_notify":["127.0.0.1:5399","[::1]:5399"],"transfer_acl":"internal","transfer_key":"xfr-key"}""";

    private static readonly DomainName Origin = DomainName.Parse(Apex);

    private static string CreateWith(string metadata) =>
        Ops($$"""{"op":"CREATE_ZONE","soa":"ns1 hostmaster 1 3600 600 1209600 300","ttl":3600,"ns":["ns1"],"metadata":{{metadata}}}""");

    private static ZoneState State(Feeder feeder) =>
        feeder.Materializer.TryGetZone(Origin, out ZoneState? state) ? state : throw new AssertionException("no zone");

    [Test]
    public void CreateZone_WithMetadata_KeepsItBesideTheZone()
    {
        var feeder = new Feeder();
        feeder.Feed(CreateWith(Metadata)).ShouldBeOfType<ZoneCreated>().Metadata.Group.ShouldBe("blue");
        ZoneState state = State(feeder);
        state.Metadata.ShouldBe(new ZoneMetadata { Group = "blue", AlsoNotify = ["127.0.0.1:5399", "[::1]:5399"], TransferAcl = "internal", TransferKey = "xfr-key" });
        state.MetadataPosition.ShouldBe(new LogPosition(0, 0));
    }

    [Test]
    public void CreateZone_ResolvesThePoliciesItsMetadataNames_BeforeTheTableServesIt()
    {
        Feeder? feeder = null;
        var seen = new List<(string? Acl, bool Served)>();
        var policies = new PolicySource((origin, rules) =>
        {
            seen.Add((rules?.TransferAcl, feeder!.Materializer.Table.TryGet(origin, out _)));
            return new ZonePolicies { NotifyKey = rules?.TransferKey };
        });
        feeder = new Feeder(policies: policies);
        var firstCommit = new List<DomainName?>();
        feeder.Materializer.Table.Committed += committed => firstCommit.Add(committed.Zone.Policies.NotifyKey);

        feeder.Feed(CreateWith(Metadata));

        seen.ShouldBe([("internal", false)]);
        firstCommit.ShouldBe([DomainName.Parse("xfr-key.")], "the zone's first version is served with its policies in place");
        feeder.Materializer.Table.TryGet(Origin, out _).ShouldBeTrue();
    }

    [Test]
    public void Metadata_IsWrittenWithItsContractMembersOnly()
    {
        var message = new ChangeMessage
        {
            Zone = Apex,
            Operations = [new SetMetadataOperation { Metadata = new ZoneMetadata { Group = "blue", TransferKey = "k." } }],
        };
        System.Text.Encoding.UTF8.GetString(ChangeLogJson.Serialize(message))
            .ShouldBe("""{"version":1,"zone":"example.com.","prerequisites":[],"operations":[{"op":"SET_METADATA","metadata":{"group":"blue","transfer_key":"k."}}]}""");
    }

    [Test]
    public void CreateZone_WithoutMetadata_HasNone()
    {
        Feeder.WithZone().Materializer.Zones.Single().Metadata.IsEmpty.ShouldBeTrue();
    }

    [TestCase("""{"group":""}""")]
    [TestCase("""{"group":"a\"b"}""")]
    [TestCase("""{"also_notify":["127.0.0.1"]}""")]
    [TestCase("""{"also_notify":["ns1.example.com:53"]}""")]
    [TestCase("""{"transfer_acl":"two words"}""")]
    [TestCase("""{"transfer_key":"a..b"}""")]
    public void CreateZone_WithBadMetadata_IsRejected(string metadata)
    {
        var feeder = new Feeder();
        feeder.Feed(CreateWith(metadata)).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.InvalidMessage);
        feeder.Materializer.Zones.ShouldBeEmpty();
    }

    [Test]
    public void CreateZone_WithAnUnknownMetadataMember_IsInvalidJson()
    {
        new Feeder().Feed(CreateWith("""{"tsig_secret":"c2VjcmV0"}""")).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.InvalidJson);
    }

    [Test]
    public void SetMetadata_ReplacesMetadataAndPolicy_KeepsRecordsAndSerial()
    {
        var feeder = Feeder.WithZone();
        string before = Text(feeder.Version());
        feeder.Feed(Ops("""{"op":"SET_METADATA","metadata":{"group":"red"},"serial_policy":"unixtime"}""")).ShouldBe(new MetadataChanged(new ZoneMetadata { Group = "red" }, SerialPolicy.UnixTime));
        ZoneState state = State(feeder);
        state.Metadata.Group.ShouldBe("red");
        state.SerialPolicy.ShouldBe(SerialPolicy.UnixTime);
        state.MetadataPosition.ShouldBe(new LogPosition(0, 1));
        Text(state.Version).ShouldBe(before);
        feeder.Events[^1].Kind.ShouldBe(ZoneChangeKind.MetadataChanged);
    }

    [Test]
    public void SetMetadata_WithTheSameMetadata_IsNoChange()
    {
        var feeder = new Feeder();
        feeder.Feed(CreateWith(Metadata));
        feeder.Feed(Ops($$"""{"op":"SET_METADATA","metadata":{{Metadata}}}""")).ShouldBe(NoChange.Instance);
        State(feeder).MetadataPosition.ShouldBe(new LogPosition(0, 0));
    }

    [Test]
    public void SetMetadata_WithOtherOperations_IsRejected()
    {
        var feeder = Feeder.WithZone();
        feeder.Feed(Ops("""{"op":"SET_METADATA","metadata":{}},{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}"""))
            .ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.InvalidMessage);
    }

    [Test]
    public void SetMetadata_OnUnknownZone_IsRejected()
    {
        new Feeder().Feed(Ops("""{"op":"SET_METADATA","metadata":{}}""")).ShouldBeOfType<ChangeRejected>().Reason.ShouldBe(RejectionReason.UnknownZone);
    }

    [Test]
    public async Task Snapshot_RoundTripsMetadataAndItsPosition()
    {
        await using var log = new InMemoryChangeLog(partitionCount: 1);
        await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(CreateWith(Metadata)), CancellationToken.None);
        await log.AppendChangeAsync(Apex, Encoding.UTF8.GetBytes(Ops("""{"op":"ADD","name":"www","ttl":300,"type":"A","rdata":"192.0.2.1"}""")), CancellationToken.None);
        await using (Primary first = new(log))
        {
            await first.StartAsync();
            await first.CatchUpAndStopAsync();
            await first.Writer.WriteAllAsync(CancellationToken.None);
        }

        await using var restarted = new Primary(log);
        await restarted.StartAsync();
        restarted.Events.Select(e => e.Kind).ShouldBe([ZoneChangeKind.Loaded]);
        restarted.Materializer.TryGetZone(Origin, out ZoneState? state).ShouldBeTrue();
        state.Metadata.Group.ShouldBe("blue");
        state.Metadata.TransferKey.ShouldBe("xfr-key");
        state.MetadataPosition.ShouldBe(new LogPosition(0, 0));
        state.Position.ShouldBe(new LogPosition(0, 1));
    }

    [Test]
    public void Snapshot_WrittenBeforeMetadataExisted_StillLoads_WithNoneAtItsPosition()
    {
        const string old = """{"version":1,"zone":"example.com.","serial":3,"serial_policy":"increment","position":{"partition":0,"offset":9},"zonefile":"example.com. 60 IN SOA ns1.example.com. h.example.com. 3 1 1 1 1\nexample.com. 60 IN NS ns1.example.com.\n"}""";
        ChangeLogJson.TryParseSnapshot(Encoding.UTF8.GetBytes(old), out ZoneSnapshot? snapshot, out string? error).ShouldBeTrue(error);
        snapshot.Metadata.ShouldBeNull();
        snapshot.MetadataPosition.ShouldBeNull();
        ZoneSnapshotCodec.TryDecode(snapshot, new Dictionary<string, byte[]?>(), out var version, out error).ShouldBeTrue(error);
        var feeder = new Feeder();
        ZoneState state = feeder.Materializer.Load(version, snapshot.SerialPolicy!.Value, snapshot.Position, ZoneStatus.Current, snapshot.Metadata, snapshot.MetadataPosition);
        state.Metadata.IsEmpty.ShouldBeTrue();
        state.MetadataPosition.ShouldBe(new LogPosition(0, 9));
    }
}
