using System.Collections.Concurrent;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Server.Notify;
using DnsSuite.Server.Tests.Transfer;
using DnsSuite.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Server.Tests.Notify;

public class NotifySenderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly IPEndPoint Secondary = new(IPAddress.Loopback, 5301);

    [Test]
    public async Task ZoneChanged_BurstOfChanges_SendsOneNotifyCarryingTheLatestSoa()
    {
        var time = new ManualTimeProvider();
        using var harness = new TransferHarness(time);
        var transport = new RecordingTransport();
        await using NotifySender sender = CreateSender(harness, time, transport);

        for (int i = 0; i < 100; i++)
        {
            harness.Publish([$"h{i} 300 IN A 192.0.2.{i}"]);
            sender.ZoneChanged(harness.Zone);
        }

        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMilliseconds(50));
        await Wait.UntilAsync(() => transport.Sent.Count == 1, Timeout, "the coalesced NOTIFY");
        await AdvanceWhenWaitingAsync(time, TimeSpan.FromSeconds(1), expectTimer: false);

        transport.Sent.Count.ShouldBe(1);
        (IPEndPoint target, Message notify) = transport.Sent.Single();
        target.ShouldBe(Secondary);
        notify.OpCode.ShouldBe(OpCode.Notify);
        notify.Flags.HasFlag(HeaderFlags.AA).ShouldBeTrue();
        notify.Question.ShouldBe(new Question(TransferHarness.Origin, RecordType.SOA));
        ((SoaRdata)notify.Answers.Single().Data).Serial.ShouldBe(101u);
    }

    [Test]
    public async Task ZoneChanged_WhileANotifyIsOutstanding_IsFoldedIntoOneMoreNotify()
    {
        var time = new ManualTimeProvider();
        using var harness = new TransferHarness(time);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new RecordingTransport { Behaviour = attempt => attempt == 1 ? release.Task : Task.CompletedTask };
        await using NotifySender sender = CreateSender(harness, time, transport);
        harness.Publish(["a 300 IN A 192.0.2.1"]);
        sender.ZoneChanged(harness.Zone);
        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMilliseconds(50));
        await Wait.UntilAsync(() => transport.Sent.Count == 1, Timeout, "the first NOTIFY");

        for (int i = 0; i < 10; i++)
        {
            harness.Publish([$"h{i} 300 IN A 192.0.2.{i}"]);
            sender.ZoneChanged(harness.Zone);
        }

        transport.Sent.Count.ShouldBe(1, "at most one NOTIFY is outstanding per target");
        release.SetResult();
        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMilliseconds(50));
        await Wait.UntilAsync(() => transport.Sent.Count == 2, Timeout, "the follow-up NOTIFY");

        ((SoaRdata)transport.Sent[1].Notify.Answers.Single().Data).Serial.ShouldBe(12u);
    }

    [Test]
    public async Task ZoneChanged_TargetNeverAnswers_IsRetriedThenGivenUpAfterMaxAttempts()
    {
        var time = new ManualTimeProvider();
        using var harness = new TransferHarness(time);
        var transport = new RecordingTransport { Behaviour = _ => throw new TimeoutException("no answer") };
        await using NotifySender sender = CreateSender(harness, time, transport, maxAttempts: 3);
        harness.Publish(["a 300 IN A 192.0.2.1"]);
        sender.ZoneChanged(harness.Zone);

        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMilliseconds(50));
        await Wait.UntilAsync(() => transport.Sent.Count == 1, Timeout, "the first attempt");
        await AdvanceWhenWaitingAsync(time, TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => transport.Sent.Count == 2, Timeout, "the first retry, after 1 s");
        await AdvanceWhenWaitingAsync(time, TimeSpan.FromSeconds(2));
        await Wait.UntilAsync(() => transport.Sent.Count == 3, Timeout, "the second retry, after 2 s more");
        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMinutes(1), expectTimer: false);

        transport.Sent.Count.ShouldBe(3);
        transport.Sent.Select(sent => sent.Notify.Id).Distinct().Count().ShouldBe(3, "each attempt is a new message");
        await Wait.UntilAsync(() => harness.Zone.Health.NotifyResults.ContainsKey(Secondary), Timeout, "the outcome in the zone's health");
        (harness.Zone.Health.NotifyResults[Secondary].Serial, harness.Zone.Health.NotifyResults[Secondary].Outcome).ShouldBe((2u, "no answer after 3 sends: no answer"));
    }

    [Test]
    public async Task ZoneChanged_AnsweredOnTheSecondAttempt_StopsRetrying()
    {
        var time = new ManualTimeProvider();
        using var harness = new TransferHarness(time);
        var transport = new RecordingTransport { Behaviour = attempt => attempt == 1 ? throw new TimeoutException("lost") : Task.CompletedTask };
        await using NotifySender sender = CreateSender(harness, time, transport, maxAttempts: 5);
        harness.Publish(["a 300 IN A 192.0.2.1"]);
        sender.ZoneChanged(harness.Zone);

        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMilliseconds(50));
        await AdvanceWhenWaitingAsync(time, TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => transport.Sent.Count == 2, Timeout, "the retry");
        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMinutes(1), expectTimer: false);

        transport.Sent.Count.ShouldBe(2);
        await Wait.UntilAsync(() => harness.Zone.Health.NotifyResults.ContainsKey(Secondary), Timeout, "the outcome in the zone's health");
        (harness.Zone.Health.NotifyResults[Secondary].Serial, harness.Zone.Health.NotifyResults[Secondary].Outcome).ShouldBe((2u, "acknowledged"));
    }

    [Test]
    public void Targets_AreInZoneNameServerAddressesExceptTheMnameAndAlsoNotify()
    {
        using var harness = new TransferHarness(
            null,
            "@ 3600 IN NS ns2",
            "@ 3600 IN NS ns.elsewhere.example.",
            "ns2 3600 IN A 127.0.0.2",
            "ns2 3600 IN AAAA ::1");
        var options = new NotifyOptions { NotifyNameServers = true, NameServerPort = 5399, AlsoNotify = ["127.0.0.9:5301"] };
        var sender = new NotifySender(harness.Zones, options, harness.Keys, new RecordingTransport(), TimeProvider.System, NullLogger<NotifySender>.Instance);

        sender.Targets(harness.Zone, harness.Zone.Current).ShouldBe(
            [new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5399), new IPEndPoint(IPAddress.IPv6Loopback, 5399), new IPEndPoint(IPAddress.Parse("127.0.0.9"), 5301)],
            ignoreOrder: true);
    }

    [Test]
    public void Targets_ByDefault_AreOnlyTheAlsoNotifyList()
    {
        using var harness = new TransferHarness(null, "@ 3600 IN NS ns2", "ns2 3600 IN A 127.0.0.2");
        var options = new NotifyOptions { AlsoNotify = ["127.0.0.9:5301"] };
        var sender = new NotifySender(harness.Zones, options, harness.Keys, new RecordingTransport(), TimeProvider.System, NullLogger<NotifySender>.Instance);

        sender.Targets(harness.Zone, harness.Zone.Current).ShouldBe([new IPEndPoint(IPAddress.Parse("127.0.0.9"), 5301)]);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Targets_FromTheChangeLogsMetadata_OnlyWhenAllowed(bool allowed)
    {
        using var harness = new TransferHarness();
        var options = new NotifyOptions { AlsoNotify = ["127.0.0.9:5301"], AlsoNotifyFromLog = allowed };
        var sender = new NotifySender(harness.Zones, options, harness.Keys, new RecordingTransport(), TimeProvider.System, NullLogger<NotifySender>.Instance);
        var fromLog = new IPEndPoint(IPAddress.Parse("127.0.0.7"), 5302);

        harness.Zone.Policies = harness.Zone.Policies with { AlsoNotify = sender.ZoneTargets(harness.Zone.Origin, [fromLog]) };
        sender.Targets(harness.Zone, harness.Zone.Current).Contains(fromLog).ShouldBe(allowed);
        sender.Targets(harness.Zone, harness.Zone.Current).ShouldContain(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 5301));

        harness.Zone.Policies = harness.Zone.Policies with { AlsoNotify = sender.ZoneTargets(harness.Zone.Origin, []) };
        sender.Targets(harness.Zone, harness.Zone.Current).ShouldNotContain(fromLog);
    }

    [Test]
    public async Task ZoneChanged_WithAKey_SendsNotifySignedOnTheWire()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var harness = new TransferHarness(time);
        var transport = new RecordingTransport();
        await using NotifySender sender = CreateSender(harness, time, transport, key: "xfr-key.");
        harness.Publish(["a 300 IN A 192.0.2.1"]);
        sender.ZoneChanged(harness.Zone);

        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMilliseconds(50));
        await Wait.UntilAsync(() => transport.Sent.Count == 1, Timeout, "the NOTIFY");

        // DnsClient sends Message.ToArray(): that encoding must carry a valid MAC.
        byte[] wire = transport.Sent[0].Notify.ToArray();
        TsigVerifyResult result = TsigSigner.VerifyRequest(wire, harness.Keys, time.GetUtcNow());
        result.IsVerified.ShouldBeTrue(result.ToString());
    }

    [Test]
    public async Task ZoneChanged_WithAKeyFromTheMetadata_SignsWithItInsteadOfTheConfiguredOne()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var harness = new TransferHarness(time);
        var other = new TsigKey(DomainName.Parse("notify-key."), TsigAlgorithm.HmacSha256, new byte[32]);
        harness.Keys.Add(other);
        var transport = new RecordingTransport();
        await using NotifySender sender = CreateSender(harness, time, transport, key: "notify-key.");
        harness.Zone.Policies = harness.Zone.Policies with { NotifyKey = TransferHarness.Key.Name };
        harness.Publish(["a 300 IN A 192.0.2.1"]);
        sender.ZoneChanged(harness.Zone);

        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMilliseconds(50));
        await Wait.UntilAsync(() => transport.Sent.Count == 1, Timeout, "the NOTIFY");

        Message notify = transport.Sent[0].Notify;
        notify.Additional[^1].Name.ShouldBe(TransferHarness.Key.Name);
        TsigVerifyResult result = TsigSigner.VerifyRequest(notify.ToArray(), harness.Keys, time.GetUtcNow());
        result.IsVerified.ShouldBeTrue(result.ToString());
    }

    [Test]
    public async Task ZoneChanged_WithAMetadataKeyNotInTheKeysFile_SendsNothing()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var harness = new TransferHarness(time);
        var transport = new RecordingTransport();
        await using NotifySender sender = CreateSender(harness, time, transport);
        harness.Zone.Policies = harness.Zone.Policies with { NotifyKey = DomainName.Parse("missing-key.") };
        harness.Publish(["a 300 IN A 192.0.2.1"]);

        sender.ZoneChanged(harness.Zone);
        time.ActiveTimers.ShouldBe(0, "no NOTIFY is scheduled");
        harness.Zone.Health.LastError.ShouldNotBeNull().Message.ShouldContain("'missing-key.', which is not in the keys file");

        harness.Zone.Policies = harness.Zone.Policies with { NotifyKey = TransferHarness.Key.Name };
        sender.ZoneChanged(harness.Zone);
        await AdvanceWhenWaitingAsync(time, TimeSpan.FromMilliseconds(50));
        await Wait.UntilAsync(() => transport.Sent.Count == 1, Timeout, "the NOTIFY once the key is known");

        transport.Sent.Single().Notify.Additional[^1].Name.ShouldBe(TransferHarness.Key.Name);
    }

    [Test]
    public async Task NotifyIn_ForAServedZone_IsAcknowledgedAuthoritatively()
    {
        using var harness = new TransferHarness();
        NotifySender sender = new(harness.Zones, new NotifyOptions(), harness.Keys, new RecordingTransport(), TimeProvider.System, NullLogger<NotifySender>.Instance);
        Message notify = sender.CreateNotify(harness.Zone.Current, null);

        Message served = (await harness.SendAsync(notify, DnsTransport.Udp)).Single();
        notify.Questions[0] = new Question(DomainName.Parse("other.example."), RecordType.SOA);
        Message other = (await harness.SendAsync(notify, DnsTransport.Udp)).Single();

        served.ResponseCode.ShouldBe(ResponseCode.NoError);
        served.Flags.HasFlag(HeaderFlags.AA).ShouldBeTrue();
        served.OpCode.ShouldBe(OpCode.Notify);
        served.Id.ShouldBe(notify.Id);
        other.ResponseCode.ShouldBe(ResponseCode.NotAuth);
    }

    private static NotifySender CreateSender(TransferHarness harness, TimeProvider time, RecordingTransport transport, int maxAttempts = 5, string? key = null) =>
        new(
            harness.Zones,
            new NotifyOptions { NotifyNameServers = false, AlsoNotify = [Secondary.ToString()], MaxAttempts = maxAttempts, RetryDelay = TimeSpan.FromSeconds(1), Key = key },
            harness.Keys,
            transport,
            time,
            NullLogger<NotifySender>.Instance);

    /// <summary>Waits until the code under test is waiting on a timer, then moves the clock.</summary>
    private static async Task AdvanceWhenWaitingAsync(ManualTimeProvider time, TimeSpan delta, bool expectTimer = true)
    {
        if (expectTimer)
        {
            await Wait.UntilAsync(() => time.ActiveTimers > 0, Timeout, "a pending timer");
        }

        time.Advance(delta);
    }

    private sealed class RecordingTransport : INotifyTransport
    {
        private int _attempts;

        public List<(IPEndPoint Target, Message Notify)> Sent => [.. _sent];

        public Func<int, Task> Behaviour { get; init; } = _ => Task.CompletedTask;

        private readonly ConcurrentQueue<(IPEndPoint, Message)> _sent = new();

        public async Task<Message> SendAsync(IPEndPoint target, Message notify, TimeSpan timeout, CancellationToken cancellationToken)
        {
            _sent.Enqueue((target, notify));
            await Behaviour(Interlocked.Increment(ref _attempts));
            var response = new Message { Id = notify.Id, OpCode = OpCode.Notify, Flags = HeaderFlags.QR | HeaderFlags.AA };
            response.Questions.AddRange(notify.Questions);
            return response;
        }
    }
}
