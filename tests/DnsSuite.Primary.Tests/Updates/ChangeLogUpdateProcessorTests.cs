using System.Text;
using DnsSuite.ChangeLog.Memory;
using DnsSuite.Primary.Updates;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.TestSupport;
using DnsSuite.Zones.Updates;

namespace DnsSuite.Primary.Tests.Updates;

public class ChangeLogUpdateProcessorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly DomainName Zone = DomainName.Parse(Messages.Apex);

    [Test]
    public async Task Process_WaitsForTheApply_AndAnswersItsResponseCode()
    {
        await using var attached = await AttachedPrimary.StartAsync();

        UpdateOutcome added = await attached.Processor.ProcessAsync(attached.Zone, Request([UpdateTranslatorTests.Empty("www.example.com.", RecordClass.NONE, RecordType.ANY)], [Records.Rr("www.example.com. 60 IN A 192.0.2.80")]), CancellationToken.None);
        UpdateOutcome again = await attached.Processor.ProcessAsync(attached.Zone, Request([UpdateTranslatorTests.Empty("www.example.com.", RecordClass.NONE, RecordType.ANY)], [Records.Rr("www.example.com. 60 IN A 192.0.2.81")]), CancellationToken.None);

        added.ResponseCode.ShouldBe(ResponseCode.NoError);
        again.ResponseCode.ShouldBe(ResponseCode.YXDomain);
        Messages.Lines(attached.Primary.Materializer.Table.TryGet(Zone, out var zone) ? zone.Current : throw new AssertionException("no zone"))
            .ShouldContain("www 60 A 192.0.2.80");
    }

    [Test]
    public async Task RejectedAndNoOpUpdates_AreAnsweredFromTheServedVersion_WithoutALogRecordOrANewVersion()
    {
        await using var attached = await AttachedPrimary.StartAsync();
        Zones.ZoneVersion before = attached.Zone.Current;
        long records = await attached.LogEndAsync();

        UpdateOutcome failed = await attached.Processor.ProcessAsync(attached.Zone, Request([UpdateTranslatorTests.Empty("absent.example.com.", RecordClass.ANY, RecordType.ANY)], [Records.Rr("www.example.com. 60 IN A 192.0.2.80")]), CancellationToken.None);
        UpdateOutcome noOp = await attached.Processor.ProcessAsync(attached.Zone, Request([], [UpdateTranslatorTests.Empty("absent.example.com.", RecordClass.ANY, RecordType.ANY)]), CancellationToken.None);
        UpdateOutcome rejected = await attached.Processor.ProcessAsync(attached.Zone, Request([], [Records.Rr("ns1.example.com. 60 IN A 192.0.2.1"), new ResourceRecord(DomainName.Parse("www.example.com."), 60, new UnknownRdata(RecordType.A, [1, 2, 3]))]), CancellationToken.None);

        failed.ResponseCode.ShouldBe(ResponseCode.NXDomain);
        noOp.ResponseCode.ShouldBe(ResponseCode.NoError);
        noOp.Detail.ShouldContain("nothing written to the log");
        rejected.ResponseCode.ShouldBe(ResponseCode.FormErr);
        (await attached.LogEndAsync()).ShouldBe(records);
        attached.Zone.Current.ShouldBeSameAs(before);
    }

    [Test]
    public async Task FirstFailedPrerequisite_IsTheFirstThatDoesNotHold_OnTheServedVersion()
    {
        await using var attached = await AttachedPrimary.StartAsync();

        UpdateOutcome? failed = attached.Processor.FirstFailedPrerequisite(attached.Zone, Request([
            UpdateTranslatorTests.Empty("ns1.example.com.", RecordClass.ANY, RecordType.ANY),
            UpdateTranslatorTests.Empty("ns1.example.com.", RecordClass.NONE, RecordType.A),
            UpdateTranslatorTests.Empty("absent.example.com.", RecordClass.ANY, RecordType.ANY),
        ], [Records.Rr("www.example.com. 60 IN A 192.0.2.80")]));
        UpdateOutcome? holds = attached.Processor.FirstFailedPrerequisite(attached.Zone, Request([UpdateTranslatorTests.Empty("ns1.example.com.", RecordClass.ANY, RecordType.ANY)], []));

        failed.ShouldNotBeNull().ResponseCode.ShouldBe(ResponseCode.YXRRSet, "the second one fails first");
        holds.ShouldBeNull();
    }

    [Test]
    public async Task Process_BeforeAttachOrAfterDetach_IsServFail()
    {
        var processor = new ChangeLogUpdateProcessor(Timeout);
        (await processor.ProcessAsync(new Zones.Zone(Zone), Request([], [Records.Rr("www.example.com. 60 IN A 192.0.2.80")]), CancellationToken.None)).ResponseCode.ShouldBe(ResponseCode.ServFail);
    }

    [Test]
    public async Task Process_WhenTheApplyIsNotSeen_IsServFailAfterTheTimeout()
    {
        await using var log = new InMemoryChangeLog();
        await log.AppendChangeAsync(Messages.Apex, Encoding.UTF8.GetBytes(Messages.Create()), CancellationToken.None);
        // A materializer nothing feeds: the appended update is never applied here.
        var materializer = new Materialization.ZoneMaterializer(new Zones.ZoneTable(), "idle");
        var processor = new ChangeLogUpdateProcessor(TimeSpan.FromMilliseconds(200));
        processor.Attach(log, materializer);

        UpdateOutcome outcome = await processor.ProcessAsync(new Zones.Zone(Zone), Request([], [Records.Rr("www.example.com. 60 IN A 192.0.2.80")]), CancellationToken.None);

        outcome.ResponseCode.ShouldBe(ResponseCode.ServFail);
        outcome.Detail.ShouldContain("not applied here");
    }

    [Test]
    public async Task Process_WhenTheLogCannotBeWritten_IsServFail()
    {
        var log = new InMemoryChangeLog();
        var processor = new ChangeLogUpdateProcessor(Timeout);
        processor.Attach(log, new Materialization.ZoneMaterializer(new Zones.ZoneTable(), "idle"));
        await log.DisposeAsync();

        UpdateOutcome outcome = await processor.ProcessAsync(new Zones.Zone(Zone), Request([], [Records.Rr("www.example.com. 60 IN A 192.0.2.80")]), CancellationToken.None);

        outcome.ResponseCode.ShouldBe(ResponseCode.ServFail);
        outcome.Detail.ShouldContain("could not be written");
    }

    [Test]
    public async Task Process_AnUpdateThatMakesAnRRsetTooBigForOneMessage_IsRefusedNamingIt_AndTheRRsetStays()
    {
        await using var attached = await AttachedPrimary.StartAsync();
        // 45 strings of 255 octets: 11,520 octets of RDATA each; five fit one message, six do not.
        ResourceRecord Txt(char fill) => Records.Rr($"many.example.com. 60 IN TXT {string.Join(' ', Enumerable.Repeat(new string(fill, 255), 45))}");

        UpdateOutcome five = await attached.Processor.ProcessAsync(attached.Zone, Request([], [.. "abcde".Select(Txt)]), CancellationToken.None);
        UpdateOutcome sixth = await attached.Processor.ProcessAsync(attached.Zone, Request([], [Txt('f')]), CancellationToken.None);

        five.ResponseCode.ShouldBe(ResponseCode.NoError);
        sixth.ResponseCode.ShouldBe(ResponseCode.Refused);
        sixth.Detail.ShouldContain("many.example.com. TXT: the RRset of 6 records");
        attached.Primary.Materializer.TryGetZone(Zone, out var zone).ShouldBeTrue();
        zone!.Version.TryGetNode(DomainName.Parse("many.example.com."), out var node).ShouldBeTrue();
        node.Find(RecordType.TXT)!.Count.ShouldBe(5);
    }

    [Test]
    public async Task Process_AnUpdateThatWouldPutMoreThanTheLimitOfRecordsInAnRRset_IsServFailAsInBind_NamingIt_AndWritesNothing()
    {
        await using var attached = await AttachedPrimary.StartAsync();
        ResourceRecord A(int i) => Records.Rr($"many.example.com. 60 IN A 10.0.0.{i}");

        UpdateOutcome hundred = await attached.Processor.ProcessAsync(attached.Zone, Request([], [.. Enumerable.Range(1, 100).Select(A)]), CancellationToken.None);
        long records = await attached.LogEndAsync();
        Zones.ZoneVersion before = attached.Zone.Current;
        UpdateOutcome hundredAndFirst = await attached.Processor.ProcessAsync(attached.Zone, Request([], [Records.Rr("other.example.com. 60 IN A 10.0.1.1"), A(101)]), CancellationToken.None);

        hundred.ResponseCode.ShouldBe(ResponseCode.NoError);
        hundredAndFirst.ResponseCode.ShouldBe(ResponseCode.ServFail);
        hundredAndFirst.Detail.ShouldContain("TooManyRecords: zone example.com.: many.example.com. A: the RRset would hold 101 records, more than the 100 one RRset may hold");
        (await attached.LogEndAsync()).ShouldBe(records);
        attached.Zone.Current.ShouldBeSameAs(before);
        before.TryGetNode(DomainName.Parse("other.example.com."), out _).ShouldBeFalse("the update is refused whole");
    }

    [Test]
    public async Task ConcurrentConditionalUpdates_ToTwoPrimariesOfOneLog_ExactlyOneWins_AndBothEndIdentical()
    {
        await using var log = new InMemoryChangeLog();
        await log.AppendChangeAsync(Messages.Apex, Encoding.UTF8.GetBytes(Messages.Create()), CancellationToken.None);
        await using var first = new Primary(log);
        await using var second = new Primary(log);
        await first.StartAsync();
        await second.StartAsync();
        ChangeLogUpdateProcessor[] processors = [new(Timeout), new(Timeout)];
        processors[0].Attach(log, first.Materializer);
        processors[1].Attach(log, second.Materializer);

        // Every client claims the same name if nobody has it yet ("name is not in use", RFC 2136 §2.4.5).
        UpdateOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(() => processors[client % 2].ProcessAsync(
            (client % 2 == 0 ? first : second).Materializer.Table.TryGet(Zone, out var served) ? served : throw new AssertionException("no zone"),
            Request([UpdateTranslatorTests.Empty("lock.example.com.", RecordClass.NONE, RecordType.ANY)], [Records.Rr($"lock.example.com. 60 IN TXT \"owner {client}\"")]),
            CancellationToken.None))));

        outcomes.Count(o => o.ResponseCode == ResponseCode.NoError).ShouldBe(1);
        outcomes.Count(o => o.ResponseCode == ResponseCode.YXDomain).ShouldBe(15);
        first.Materializer.TryGetZone(Zone, out var a).ShouldBeTrue();
        await Wait.UntilAsync(() => second.Materializer.TryGetZone(Zone, out var b) && b.Version.Serial == a!.Version.Serial, Timeout, "the second primary to catch up");
        second.Materializer.TryGetZone(Zone, out var other);
        Messages.Text(other!.Version).ShouldBe(Messages.Text(a!.Version));
    }

    private static UpdateRequest Request(IReadOnlyList<ResourceRecord> prerequisites, IReadOnlyList<ResourceRecord> updates) => new(Zone, prerequisites, updates, "test");

    /// <summary>A primary on an in-memory log holding the zone, with a processor attached to both.</summary>
    private sealed class AttachedPrimary(InMemoryChangeLog log, Primary primary) : IAsyncDisposable
    {
        public Primary Primary { get; } = primary;

        public ChangeLogUpdateProcessor Processor { get; } = new(Timeout);

        public Zones.Zone Zone => Primary.Materializer.Table.TryGet(ChangeLogUpdateProcessorTests.Zone, out var zone) ? zone : throw new AssertionException("no zone");

        public static async Task<AttachedPrimary> StartAsync()
        {
            var log = new InMemoryChangeLog();
            await log.AppendChangeAsync(Messages.Apex, Encoding.UTF8.GetBytes(Messages.Create()), CancellationToken.None);
            var primary = new Primary(log);
            await primary.StartAsync();
            var attached = new AttachedPrimary(log, primary);
            attached.Processor.Attach(log, primary.Materializer);
            return attached;
        }

        /// <summary>How many change records the log holds, over every partition.</summary>
        public async Task<long> LogEndAsync() => (await log.GetChangeOffsetsAsync(CancellationToken.None)).Sum(partition => partition.HighWatermark);

        public async ValueTask DisposeAsync()
        {
            await Primary.DisposeAsync();
            await log.DisposeAsync();
        }
    }
}
