using System.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Secondary.Persistence;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Zones;
using DnsSuite.Zones;

namespace DnsSuite.Secondary.Tests;

[TestFixture]
public sealed class RefreshTests
{
    private static readonly IPEndPoint FromPrimary = new(IPAddress.Loopback, 40000);

    /// <summary>A fake primary and a secondary that has taken its zone at serial 1; disposed secondary first.</summary>
    private sealed record Linked(FakePrimary Primary, SecondaryHarness Secondary) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Secondary.DisposeAsync();
            await Primary.DisposeAsync();
        }
    }

    private static async Task<Linked> LinkAsync(TsigKey? key = null)
    {
        var time = new ManualTimeProvider();
        var primary = new FakePrimary(time, key);
        SecondaryHarness? secondary = null;
        try
        {
            secondary = await SecondaryHarness.StartAsync(time, primary);
            await secondary.WaitForSerialAsync(1);
            return new Linked(primary, secondary);
        }
        catch
        {
            if (secondary is not null)
            {
                await secondary.DisposeAsync();
            }

            await primary.DisposeAsync();
            throw;
        }
    }

    [Test]
    public async Task Start_WithoutData_TransfersWithAxfrAndPersistsTheZone()
    {
        var time = new ManualTimeProvider();
        await using var primary = new FakePrimary(time);
        await using SecondaryHarness secondary = await SecondaryHarness.StartAsync(time, primary);

        await secondary.WaitForSerialAsync(1);

        primary.Requests.ShouldBe([RecordType.SOA, RecordType.AXFR]);
        secondary.Query().ShouldBe(ResponseCode.NoError);
        await Wait.UntilAsync(() => secondary.Zone.Zone.Health.LastRefresh == time.GetUtcNow(), TimeSpan.FromSeconds(10), "the refresh in the zone's health");
        // The zone is published first, then written to disk with its timers.
        await Wait.UntilAsync(() => File.Exists(secondary.Data.Combine("example.timers.json")), TimeSpan.FromSeconds(10), "the timers file");
        File.ReadAllText(secondary.Data.Combine("example.zone")).ShouldContain("www");
    }

    [Test]
    public async Task Query_BeforeTheFirstTransfer_IsServFail_ThenNotifyTriggersTheTransferAndAnAuthoritativeAnswer()
    {
        var time = new ManualTimeProvider();
        await using var primary = new FakePrimary(time) { Silent = true };
        await using SecondaryHarness secondary = await SecondaryHarness.StartAsync(time, primary);

        secondary.Query().ShouldBe(ResponseCode.ServFail, "configured, but no data yet");
        await secondary.WaitForRefreshesAsync(1);
        Message waiting = secondary.Answer("www.example.");
        waiting.ResponseCode.ShouldBe(ResponseCode.ServFail, "the primary is down");
        waiting.Flags.HasFlag(HeaderFlags.AA).ShouldBeFalse();

        primary.Silent = false;
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(1);
        Message served = secondary.Answer("www.example.");
        served.ResponseCode.ShouldBe(ResponseCode.NoError);
        served.Flags.HasFlag(HeaderFlags.AA).ShouldBeTrue();
    }

    [Test]
    public async Task Ixfr_WithSeveralSteps_AppliesEveryStepAndJournalsThem()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;

        primary.Change(add: ["mail 3600 IN A 192.0.2.20"]);
        primary.Change(add: ["www 3600 IN A 192.0.2.11"], remove: ["www 3600 IN A 192.0.2.10"]);
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(3);

        primary.Count(RecordType.IXFR).ShouldBe(1);
        primary.Count(RecordType.AXFR).ShouldBe(1);
        ZoneVersion served = secondary.Zone.Zone!.Current;
        served.EnumerateRecords().Select(r => r.ToString()).ShouldBe(primary.Current.EnumerateRecords().Select(r => r.ToString()));
        secondary.Journal.TryGetSpan(1, 3, out IReadOnlyList<Changeset>? changes).ShouldBeTrue();
        changes.Count.ShouldBe(2);
    }

    [Test]
    public async Task Transfers_ByIxfrAndByAxfr_ServeAnIxfrForEachNewSerialFromTheMomentItIsVisible()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;
        using var probe = IxfrWindowProbe.Watch(secondary.Table, SecondaryHarness.Origin);

        for (int i = 0; i < 20; i++)
        {
            // Every other change comes as the whole zone, which the secondary commits with its difference journaled.
            primary.Ixfr = i % 2 == 0 ? FakePrimary.IxfrMode.History : FakePrimary.IxfrMode.WholeZone;
            primary.Change(add: [$"host{i} 3600 IN A 192.0.2.{i + 1}"]);
            await NotifyAsync(secondary);
            await secondary.WaitForSerialAsync(primary.Current.Serial);
        }

        probe.Dispose();
        probe.Gaps.ShouldBeEmpty();
        probe.Commits.ShouldBe(20);
        secondary.Journal.TryGetSpan(1, primary.Current.Serial, out IReadOnlyList<Changeset>? changes).ShouldBeTrue();
        changes.Count.ShouldBe(20);
    }

    [TestCase(FakePrimary.IxfrMode.Refused)]
    [TestCase(FakePrimary.IxfrMode.NotImp)]
    [TestCase(FakePrimary.IxfrMode.ServFail)]
    [TestCase(FakePrimary.IxfrMode.HistoryThatDoesNotApply)]
    [TestCase(FakePrimary.IxfrMode.Garbage)]
    [TestCase(FakePrimary.IxfrMode.CutHalfway)]
    public async Task Ixfr_WhenItFails_FallsBackToAxfr(FakePrimary.IxfrMode mode)
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;

        primary.Ixfr = mode;
        primary.Change(add: ["mail 3600 IN A 192.0.2.20"]);
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(2);

        primary.Count(RecordType.IXFR).ShouldBe(1);
        primary.Count(RecordType.AXFR).ShouldBe(2);
        // The AXFR's difference to the version before is journaled (ZoneDiff): secondaries of this one keep IXFR.
        secondary.Journal.TryGetSpan(1, 2, out IReadOnlyList<Changeset>? changes).ShouldBeTrue("an AXFR keeps the history going");
        changes.ShouldHaveSingleItem().Added.Select(r => r.ToString()).ShouldBe(["mail.example. 3600 IN A 192.0.2.20"]);
        changes[0].Removed.ShouldBeEmpty();
    }

    [Test]
    public async Task Ixfr_AnsweredWithTheWholeZone_ReplacesTheZoneWithoutAxfr()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;

        primary.Ixfr = FakePrimary.IxfrMode.WholeZone;
        primary.Change(add: ["mail 3600 IN A 192.0.2.20"], remove: ["www 3600 IN A 192.0.2.10"]);
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(2);

        primary.Count(RecordType.AXFR).ShouldBe(1);
        secondary.Zone.Zone!.Current.TryGetNode(DomainName.Parse("www.example."), out _).ShouldBeFalse();
        secondary.Zone.Zone!.Current.TryGetNode(DomainName.Parse("mail.example."), out _).ShouldBeTrue();
    }

    [Test]
    public async Task Soa_WithOlderSerial_IsIgnored()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;
        await secondary.WaitForRefreshesAsync(1);

        primary.Change(add: ["mail 3600 IN A 192.0.2.20"], serial: 0);
        await NotifyAsync(secondary);
        await secondary.WaitForRefreshesAsync(2);

        secondary.ServedSerial.ShouldBe(1u);
        primary.Requests.ShouldBe([RecordType.SOA, RecordType.AXFR, RecordType.SOA]);
    }

    [Test]
    public async Task Tsig_SignedTransfers_AreVerifiedAndApplied()
    {
        await using Linked link = await LinkAsync(SecondaryHarness.NewKey());
        (FakePrimary primary, SecondaryHarness secondary) = link;

        primary.Change(add: ["mail 3600 IN A 192.0.2.20"]);
        await NotifyAsync(secondary, primary.Key!.Name);
        await secondary.WaitForSerialAsync(2);

        primary.Count(RecordType.IXFR).ShouldBe(1);
    }

    [Test]
    public async Task Tsig_WhenTheIxfrDoesNotVerify_KeepsTheOldVersionAndDoesNotFallBackToAxfr()
    {
        await using Linked link = await LinkAsync(SecondaryHarness.NewKey());
        (FakePrimary primary, SecondaryHarness secondary) = link;
        await secondary.WaitForRefreshesAsync(1);

        primary.Ixfr = FakePrimary.IxfrMode.BadSignature;
        primary.Change(add: ["mail 3600 IN A 192.0.2.20"]);
        await NotifyAsync(secondary, primary.Key!.Name);
        await secondary.WaitForRefreshesAsync(2);

        secondary.ServedSerial.ShouldBe(1u);
        primary.Count(RecordType.IXFR).ShouldBe(1);
        primary.Count(RecordType.AXFR).ShouldBe(1);
    }

    [Test]
    public async Task BrokenTransfer_KeepsTheOldVersion_AndTheNextRefreshAfterARestartSucceeds()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;
        await secondary.WaitForRefreshesAsync(1);

        primary.Ixfr = FakePrimary.IxfrMode.CutHalfway;
        primary.CutAxfr = true;
        primary.Change(add: ["mail 3600 IN A 192.0.2.20", "mail2 3600 IN A 192.0.2.21", "mail3 3600 IN A 192.0.2.22"]);
        await NotifyAsync(secondary);
        await secondary.WaitForRefreshesAsync(2);
        secondary.ServedSerial.ShouldBe(1u);
        secondary.Query().ShouldBe(ResponseCode.NoError);

        primary.Ixfr = FakePrimary.IxfrMode.History;
        primary.CutAxfr = false;
        await secondary.RestartAsync();
        secondary.ServedSerial.ShouldBe(1u, "the persisted copy is served before any refresh");
        await secondary.WaitForSerialAsync(2);
        primary.Requests.Count(type => type == RecordType.IXFR).ShouldBe(2);
    }

    [Test]
    public async Task Restart_ServesThePersistedCopy_AndAsksForIxfrFromItsSerial()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;
        await secondary.WaitForRefreshesAsync(1);

        primary.Silent = true;
        await secondary.RestartAsync();
        secondary.ServedSerial.ShouldBe(1u);
        await secondary.WaitForRefreshesAsync(1);
        secondary.Query().ShouldBe(ResponseCode.NoError);

        primary.Silent = false;
        primary.Change(add: ["mail 3600 IN A 192.0.2.20"]);
        await secondary.AdvanceAsync(TimeSpan.FromSeconds(50));
        await secondary.WaitForSerialAsync(2);

        primary.Count(RecordType.AXFR).ShouldBe(1);
        primary.Count(RecordType.IXFR).ShouldBe(1);
    }

    [Test]
    public async Task Restart_KeepsTheReceivedHistory_SoDownstreamSecondariesStillGetIxfr()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;
        primary.Change(add: ["mail 3600 IN A 192.0.2.20", "mail 3600 IN TXT \"two words\""]);
        primary.Change(add: ["www 7200 IN A 192.0.2.11"], remove: ["www 3600 IN A 192.0.2.10"]);
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(3);
        await WaitForJournalAsync(secondary, 3);
        secondary.Journal.TryGetSpan(1, 3, out IReadOnlyList<Changeset>? received).ShouldBeTrue();

        await secondary.RestartAsync();

        secondary.Journal.TryGetSpan(1, 3, out IReadOnlyList<Changeset>? restored).ShouldBeTrue();
        Describe(restored).ShouldBe(Describe(received));
    }

    [Test]
    public async Task Restart_RightAfterATransfer_ServesTheNewestVersion_BecauseStopWaitsForTheBackgroundWrites()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;
        primary.Change(add: ["mail 3600 IN A 192.0.2.20"]);
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(2);

        // No wait for the files: the writes run behind the runner, and stopping must not lose them.
        primary.Silent = true;
        await secondary.RestartAsync();

        secondary.ServedSerial.ShouldBe(2u);
        secondary.Answer("mail.example.").ResponseCode.ShouldBe(ResponseCode.NoError);
        new ZoneDataStore(secondary.Data.Path).LoadJournal(SecondaryHarness.Origin).Select(c => c.To.Serial).ShouldBe([2u]);
    }

    [Test]
    public async Task Restart_WithAHistoryThatDoesNotLeadToTheZone_ServesTheZoneWithoutHistory()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;
        primary.Change(add: ["mail 3600 IN A 192.0.2.20"]);
        primary.Change(add: ["ftp 3600 IN A 192.0.2.21"]);
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(3);
        await WaitForJournalAsync(secondary, 3);
        var store = new ZoneDataStore(secondary.Data.Path);
        IReadOnlyList<Changeset> history = store.LoadJournal(SecondaryHarness.Origin);
        await store.SaveJournalAsync(SecondaryHarness.Origin, [history[0]], CancellationToken.None);

        primary.Silent = true;
        await secondary.RestartAsync();

        secondary.ServedSerial.ShouldBe(3u);
        secondary.Journal.TryGetSpan(1, 2, out _).ShouldBeFalse("a history that stops short of the zone is not used");
        File.WriteAllText(store.JournalPath(SecondaryHarness.Origin), "example. 3600 IN A 192.0.2.1\n");
        Should.Throw<ZoneFormatException>(() => store.LoadJournal(SecondaryHarness.Origin)).Message.ShouldContain("does not start with a SOA");
        await secondary.RestartAsync();
        secondary.ServedSerial.ShouldBe(3u, "an unreadable history never keeps the zone from being served");
    }

    [Test]
    public async Task Axfr_AfterIxfr_KeepsThePersistedHistory_WithTheDifferenceItMade()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;
        primary.Change(add: ["mail 3600 IN A 192.0.2.20"]);
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(2);
        await WaitForJournalAsync(secondary, 2);

        primary.Ixfr = FakePrimary.IxfrMode.Refused;
        primary.Change(add: ["ftp 3600 IN A 192.0.2.21"]);
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(3);

        await WaitForJournalAsync(secondary, 3);
        new ZoneDataStore(secondary.Data.Path).LoadJournal(SecondaryHarness.Origin).Select(c => (c.From.Serial, c.To.Serial)).ShouldBe([(1u, 2u), (2u, 3u)]);
        secondary.Journal.TryGetSpan(1, 3, out _).ShouldBeTrue("a downstream secondary at serial 1 still gets IXFR");
    }

    [Test]
    public async Task Expire_WithoutContact_AnswersServFailAcrossARestart_UntilThePrimaryIsBack()
    {
        await using Linked link = await LinkAsync();
        (FakePrimary primary, SecondaryHarness secondary) = link;
        await secondary.WaitForRefreshesAsync(1);

        primary.Silent = true;
        await secondary.AdvanceAsync(TimeSpan.FromSeconds(999));
        await secondary.WaitForRefreshesAsync(2);
        secondary.Query().ShouldBe(ResponseCode.NoError, "not yet expired: 1000 s");
        await secondary.AdvanceAsync(TimeSpan.FromSeconds(2));
        await Wait.UntilAsync(() => secondary.Zone.Zone!.IsExpired, TimeSpan.FromSeconds(20), "the zone expired");
        secondary.Query().ShouldBe(ResponseCode.ServFail);
        secondary.Zone.Zone.Health.LastError.ShouldNotBeNull().Message.ShouldStartWith("expired: no primary reached since");

        await secondary.RestartAsync();
        secondary.Query().ShouldBe(ResponseCode.ServFail, "the expiry is persisted");

        primary.Silent = false;
        await Wait.UntilAsync(() => !secondary.Zone.Zone!.IsExpired, TimeSpan.FromSeconds(20), "the zone served again");
        secondary.Query().ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public async Task Primaries_AreTriedInOrder_UntilOneAnswers()
    {
        var time = new ManualTimeProvider();
        await using var down = new FakePrimary(time) { Silent = true };
        await using var up = new FakePrimary(time);
        await using SecondaryHarness secondary = await SecondaryHarness.StartAsync(time, down, up);

        await secondary.WaitForSerialAsync(1);

        down.Requests.ShouldBe([RecordType.SOA]);
        up.Requests.ShouldBe([RecordType.SOA, RecordType.AXFR]);
    }

    [Test]
    public async Task Notify_FromAPrimary_IsAcceptedAndTriggersACheck_OthersAreRefusedOrNotAuth()
    {
        var time = new ManualTimeProvider();
        await using var primary = new FakePrimary(time);
        await using SecondaryHarness secondary = await SecondaryHarness.StartAsync(time, primary);
        await secondary.WaitForRefreshesAsync(1);

        (await secondary.Service.OnNotifyAsync(SecondaryHarness.Origin, new IPEndPoint(IPAddress.Parse("192.0.2.50"), 53), null, null, CancellationToken.None)).ShouldBe(ResponseCode.Refused);
        (await secondary.Service.OnNotifyAsync(DomainName.Parse("other.example."), FromPrimary, null, null, CancellationToken.None)).ShouldBe(ResponseCode.NotAuth);
        secondary.Zone.RefreshCount.ShouldBe(1);

        primary.Change(add: ["mail 3600 IN A 192.0.2.20"]);
        await NotifyAsync(secondary);
        await secondary.WaitForSerialAsync(2);
    }

    [Test]
    public async Task Notify_ForAPrimaryWithAKey_MustBeSignedWithIt()
    {
        var time = new ManualTimeProvider();
        await using var primary = new FakePrimary(time, SecondaryHarness.NewKey());
        await using SecondaryHarness secondary = await SecondaryHarness.StartAsync(time, primary);

        (await secondary.Service.OnNotifyAsync(SecondaryHarness.Origin, FromPrimary, 2, null, CancellationToken.None)).ShouldBe(ResponseCode.Refused);
        (await secondary.Service.OnNotifyAsync(SecondaryHarness.Origin, FromPrimary, 2, DomainName.Parse("other-key."), CancellationToken.None)).ShouldBe(ResponseCode.Refused);
        (await secondary.Service.OnNotifyAsync(SecondaryHarness.Origin, FromPrimary, 2, primary.Key!.Name, CancellationToken.None)).ShouldBe(ResponseCode.NoError);
    }

    private static Task WaitForJournalAsync(SecondaryHarness secondary, uint serial) =>
        Wait.UntilAsync(
            () => File.Exists(secondary.Data.Combine("example.journal")) && File.ReadAllText(secondary.Data.Combine("example.journal")).Contains($"history to serial {serial},", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            $"the history to serial {serial} written");

    private static string Describe(IEnumerable<Changeset> history) => string.Join("\n", history.Select(c =>
        $"{c.From} -> {c.To} ttl {c.SoaTtl} -[{string.Join(", ", c.Removed)}] +[{string.Join(", ", c.Added)}]"));

    private static async Task NotifyAsync(SecondaryHarness secondary, DomainName? key = null) =>
        (await secondary.Service.OnNotifyAsync(SecondaryHarness.Origin, FromPrimary, null, key, CancellationToken.None)).ShouldBe(ResponseCode.NoError);
}
