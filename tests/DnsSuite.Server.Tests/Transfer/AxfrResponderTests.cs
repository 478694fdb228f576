using DnsSuite.TestSupport;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Server.Transfer;
using DnsSuite.Zones;

namespace DnsSuite.Server.Tests.Transfer;

public class AxfrResponderTests
{
    private static readonly string[] ManyRecords =
        [.. Enumerable.Range(0, 4000).Select(i => $"host{i} 300 IN TXT \"record number {i} with some padding to fill the messages quickly\"")];

    [Test]
    public async Task Axfr_LargeZone_IsPackedIntoSeveralMessagesWithEveryRecordOnceAndSoaFirstAndLast()
    {
        using var harness = new TransferHarness(null, ManyRecords);

        List<byte[]> wire = await harness.SendAsync(TransferHarness.AxfrRequest("EXAMPLE.com.").ToArray());

        wire.Count.ShouldBeGreaterThan(1);
        wire.ShouldAllBe(message => message.Length <= ushort.MaxValue);
        wire.Take(wire.Count - 1).ShouldAllBe(message => message.Length > 60_000, "messages are filled before the next one starts");
        List<Message> messages = [.. wire.Select(TransferHarness.Parse)];
        messages.ShouldAllBe(message => message.Id == 4242 && message.ResponseCode == ResponseCode.NoError && message.Flags.HasFlag(HeaderFlags.AA));
        messages[0].Question!.Name.ToString().ShouldBe("EXAMPLE.com.", "the question is echoed as asked");
        messages.Skip(1).ShouldAllBe(message => message.Questions.Count == 0);
        List<ResourceRecord> records = [.. messages.SelectMany(message => message.Answers)];
        records[0].Type.ShouldBe(RecordType.SOA);
        records[^1].Type.ShouldBe(RecordType.SOA);
        ZoneVersion version = harness.Zone.Current;
        records.Skip(1).SkipLast(1).ShouldBe(version.EnumerateRecords().Skip(1), ignoreOrder: true);
        records.Count.ShouldBe(version.RecordCount + 1);
    }

    [Test]
    public async Task Axfr_NewVersionPublishedMidStream_StreamsTheVersionItStarted()
    {
        using var harness = new TransferHarness(null, ManyRecords);
        ZoneVersion started = harness.Zone.Current;
        var sink = new CapturingSink
        {
            OnSend = index =>
            {
                if (index == 1)
                {
                    harness.Publish(["late 300 IN A 192.0.2.99"], ["host7 300 IN TXT \"record number 7 with some padding to fill the messages quickly\""]);
                }

                return Task.CompletedTask;
            },
        };

        await harness.SendAsync(TransferHarness.AxfrRequest().ToArray(), sink: sink);

        harness.Zone.Current.Serial.ShouldBe(2u);
        List<ResourceRecord> records = [.. sink.Messages.Select(TransferHarness.Parse).SelectMany(message => message.Answers)];
        ((SoaRdata)records[^1].Data).Serial.ShouldBe(1u);
        records.SkipLast(1).ShouldBe(started.EnumerateRecords(), ignoreOrder: true);
    }

    [Test]
    public async Task Axfr_SameVersionTwice_SendsIdenticalBodies()
    {
        using var harness = new TransferHarness(null, ManyRecords);

        List<byte[]> first = await harness.SendAsync(TransferHarness.AxfrRequest(id: 1).ToArray());
        List<byte[]> second = await harness.SendAsync(TransferHarness.AxfrRequest(id: 2).ToArray());

        second.Count.ShouldBe(first.Count);
        second.Select(message => message.AsSpan(2).ToArray()).ShouldBe(first.Select(message => message.AsSpan(2).ToArray()));
        TransferHarness.Parse(second[^1]).Id.ShouldBe((ushort)2);
    }

    [Test]
    public async Task Axfr_OverUdp_IsFormErr()
    {
        using var harness = new TransferHarness();

        List<Message> messages = await harness.SendAsync(TransferHarness.AxfrRequest(), DnsTransport.Udp);

        messages.Single().ResponseCode.ShouldBe(ResponseCode.FormErr);
    }

    [Test]
    public async Task Axfr_ZoneNotServed_IsNotAuth()
    {
        using var harness = new TransferHarness();

        List<Message> messages = await harness.SendAsync(TransferHarness.AxfrRequest("www.example.com."));

        messages.Single().ResponseCode.ShouldBe(ResponseCode.NotAuth);
    }

    [Test]
    public async Task Transfer_OfAZoneAwaitingData_IsServFail_BeforeTheAccessCheck()
    {
        using var harness = new TransferHarness();
        harness.Zones.Remove(TransferHarness.Origin).ShouldBeTrue();
        harness.Zones.AddOrReplace(new Zone(TransferHarness.Origin));

        (await harness.SendAsync(TransferHarness.AxfrRequest())).Single().ResponseCode.ShouldBe(ResponseCode.ServFail);
        (await harness.SendAsync(TransferHarness.IxfrRequest(1))).Single().ResponseCode.ShouldBe(ResponseCode.ServFail);
        (await harness.SendAsync(TransferHarness.IxfrRequest(1), DnsTransport.Udp)).Single().ResponseCode.ShouldBe(ResponseCode.ServFail);
        (await harness.SendAsync(TransferHarness.AxfrRequest(), remote: new IPEndPoint(IPAddress.Parse("192.0.2.200"), 4000)))
            .Single().ResponseCode.ShouldBe(ResponseCode.ServFail, "BIND 9.18 looks for the zone's data before allow-transfer");
    }

    [Test]
    public async Task Axfr_MoreThanMaxConcurrent_IsServFailWhileTheOthersRun()
    {
        using var harness = new TransferHarness(new TransferOptions { AllowTransfer = ["127.0.0.1"], MaxConcurrent = 1 }, ManyRecords);
        var firstSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocking = new CapturingSink
        {
            OnSend = async _ =>
            {
                firstSent.TrySetResult();
                await release.Task;
            },
        };
        Task<List<byte[]>> running = harness.SendAsync(TransferHarness.AxfrRequest().ToArray(), sink: blocking);
        await firstSent.Task.WaitAsync(TimeSpan.FromSeconds(10));

        List<Message> refused = await harness.SendAsync(TransferHarness.AxfrRequest());
        release.SetResult();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        List<Message> after = await harness.SendAsync(TransferHarness.AxfrRequest());

        refused.Single().ResponseCode.ShouldBe(ResponseCode.ServFail);
        blocking.Messages.Count.ShouldBeGreaterThan(1);
        after.Count.ShouldBe(blocking.Messages.Count);
    }

    [Test]
    public async Task Axfr_QueuedButNotDelivered_StillHoldsItsSlot()
    {
        using var harness = new TransferHarness(new TransferOptions { AllowTransfer = ["127.0.0.1"], MaxConcurrent = 1 }, ManyRecords);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stalled = new CapturingSink { Delivered = delivered.Task };
        Task<List<byte[]>> running = harness.SendAsync(TransferHarness.AxfrRequest().ToArray(), sink: stalled);
        await Wait.UntilAsync(() => stalled.Messages.Count > 1, TimeSpan.FromSeconds(10), "the stalled transfer to be sent");

        List<Message> refused = await harness.SendAsync(TransferHarness.AxfrRequest());
        delivered.SetResult();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        List<Message> after = await harness.SendAsync(TransferHarness.AxfrRequest());

        refused.Single().ResponseCode.ShouldBe(ResponseCode.ServFail, "a transfer counts until its last octet is delivered");
        after.Count.ShouldBe(stalled.Messages.Count);
    }

    [Test]
    public void Encode_RecordsBeyondOneMessage_StartANewMessageWithoutQuestion()
    {
        var question = new Question(TransferHarness.Origin, RecordType.AXFR);
        ResourceRecord[] records = [.. Enumerable.Range(0, 50).Select(i => TestSupport.Records.Rr($"n{i} 300 IN A 192.0.2.{i}", TransferHarness.Apex))];

        List<byte[]> messages = TransferMessageEncoder.Encode(question, records, maxMessageSize: 512);

        messages.ShouldAllBe(message => message.Length <= 512);
        List<Message> parsed = [.. messages.Select(TransferHarness.Parse)];
        parsed[0].Questions.Count.ShouldBe(1);
        parsed.Skip(1).ShouldAllBe(message => message.Questions.Count == 0);
        parsed.SelectMany(message => message.Answers).ShouldBe(records);
    }
}
