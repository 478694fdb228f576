using DnsSuite.Protocol;
using DnsSuite.Secondary.Persistence;
using DnsSuite.TestSupport;
using DnsSuite.Zones;

namespace DnsSuite.Secondary.Tests;

/// <summary>
/// The secondary following <see cref="FakePrimary.Origin"/> as a catalog zone (RFC 9432): its members come and go with
/// the catalog's versions. The members' primary is the catalog's, which does not serve them, so they keep the data
/// they had: what matters here is which zones are followed, served and kept on disk.
/// </summary>
public sealed class CatalogMembershipTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly DomainName A = DomainName.Parse("a.test.");
    private static readonly DomainName B = DomainName.Parse("b.test.");

    private static ZoneVersion Member(string apex) =>
        ZoneVersion.Create(DomainName.Parse(apex), Records.Rrs(apex, "@ 3600 IN SOA ns1 admin 7 100 50 100000 60", "@ 3600 IN NS ns1", "ns1 3600 IN A 192.0.2.1"));

    private static Task WaitFollowedAsync(SecondaryHarness harness, DomainName zone, bool followed) =>
        Wait.UntilAsync(() => harness.Service.IsSecondaryZone(zone) == followed, Timeout, $"{zone} {(followed ? "" : "not ")}followed (now: {string.Join(", ", harness.Service.Origins)})");

    [Test]
    public async Task CatalogVersions_AddAndRemoveMembers_AndTheLeavingMembersData()
    {
        var time = new ManualTimeProvider();
        await using var primary = new FakePrimary(time);
        primary.Change(["version 0 IN TXT \"2\"", "m1.zones 0 IN PTR a.test.", "m2.zones 0 IN PTR b.test."]);
        await using SecondaryHarness harness = await SecondaryHarness.StartCatalogAsync(time, primary, Member("a.test."));

        await WaitFollowedAsync(harness, A, true);
        await WaitFollowedAsync(harness, B, true);
        harness.Table.TryGet(A, out Zone? served).ShouldBeTrue("a member's persisted copy is served at once");
        served.Current.Serial.ShouldBe(7u);
        var store = new ZoneDataStore(harness.Data.Path);

        primary.Change([], ["m1.zones 0 IN PTR a.test."]);
        harness.Zone.RequestCheck();
        await WaitFollowedAsync(harness, A, false);
        await Wait.UntilAsync(() => !harness.Table.TryGet(A, out _) && !File.Exists(store.ZoneFilePath(A)), Timeout, "a.test. out of service and its file deleted");
        harness.Service.IsSecondaryZone(B).ShouldBeTrue();
    }

    [Test]
    public async Task MemberNotYetTransferred_IsServFail_UntilItLeavesTheCatalog_ThenRefused()
    {
        var time = new ManualTimeProvider();
        await using var primary = new FakePrimary(time);
        primary.Change(["version 0 IN TXT \"2\"", "m2.zones 0 IN PTR b.test."]);
        await using SecondaryHarness harness = await SecondaryHarness.StartCatalogAsync(time, primary);
        await WaitFollowedAsync(harness, B, true);

        harness.Answer("www.b.test.").ResponseCode.ShouldBe(ResponseCode.ServFail, "the member's primary does not serve it: no data yet");
        harness.Table.IsAwaitingData(B).ShouldBeTrue();

        primary.Change([], ["m2.zones 0 IN PTR b.test."]);
        harness.Zone.RequestCheck();
        await WaitFollowedAsync(harness, B, false);
        await Wait.UntilAsync(() => !harness.Table.IsAwaitingData(B), Timeout, "b.test. dropped from the zone table");
        harness.Answer("www.b.test.").ResponseCode.ShouldBe(ResponseCode.Refused);
    }

    [Test]
    public async Task CatalogWithoutSchemaVersionTwo_LeavesTheMembersAsTheyWere()
    {
        var time = new ManualTimeProvider();
        await using var primary = new FakePrimary(time);
        primary.Change(["version 0 IN TXT \"2\"", "m1.zones 0 IN PTR a.test."]);
        await using SecondaryHarness harness = await SecondaryHarness.StartCatalogAsync(time, primary);
        await WaitFollowedAsync(harness, A, true);

        long refreshes = harness.Zone.RefreshCount;
        primary.Change(["version 0 IN TXT \"3\""], ["version 0 IN TXT \"2\"", "m1.zones 0 IN PTR a.test."]);
        harness.Zone.RequestCheck();
        await harness.WaitForSerialAsync(primary.Current.Serial);
        await harness.WaitForRefreshesAsync(refreshes + 1);
        harness.Service.IsSecondaryZone(A).ShouldBeTrue("a catalog of another schema version changes nothing");
    }

    [Test]
    public async Task Restart_WithThePersistedCatalog_FollowsItsMembersAtOnce()
    {
        var time = new ManualTimeProvider();
        await using var primary = new FakePrimary(time);
        primary.Change(["version 0 IN TXT \"2\"", "m2.zones 0 IN PTR b.test."]);
        await using SecondaryHarness harness = await SecondaryHarness.StartCatalogAsync(time, primary);
        await WaitFollowedAsync(harness, B, true);
        await Wait.UntilAsync(() => File.Exists(new ZoneDataStore(harness.Data.Path).ZoneFilePath(SecondaryHarness.Origin)), Timeout, "the catalog persisted");

        await primary.DisposeAsync();
        await harness.RestartAsync();
        harness.Service.IsSecondaryZone(B).ShouldBeTrue("the persisted catalog lists it before any primary answers");
    }
}
