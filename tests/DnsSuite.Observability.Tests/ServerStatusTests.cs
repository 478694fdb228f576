using DnsSuite.Protocol;
using DnsSuite.Server.Hosting;
using DnsSuite.TestSupport.Zones;
using DnsSuite.Zones;

namespace DnsSuite.Observability.Tests;

public sealed class ServerStatusTests
{
    [Test]
    public void Readiness_WhileACheckIsPending_IsNotReadyAndNamesIt()
    {
        var pending = new TaskCompletionSource();
        var status = new ServerStatus(QueryTestZones.CreateTable(), () => [new Check(pending.Task)], [], "primary");

        status.Readiness().ShouldBe((false, "starting: waiting for Check"));
        pending.SetResult();
        status.Readiness().ShouldBe((true, "serving 2 zones"));
    }

    [Test]
    public void Readiness_WhenACheckFailed_SaysWhy()
    {
        var status = new ServerStatus(new ZoneTable(), () => [new Check(Task.FromException(new IOException("log truncated")))], [], "primary");

        status.Readiness().ShouldBe((false, "Check failed: log truncated"));
    }

    [Test]
    public void Readiness_WhenAProblemIsReported_IsNotReadyAndSaysIt()
    {
        var problems = new List<string> { "zone example.com. is stale: changes deleted by retention" };
        var status = new ServerStatus(QueryTestZones.CreateTable(), () => [], [], "primary", [new HealthProblems(() => problems)]);

        status.Readiness().ShouldBe((false, "zone example.com. is stale: changes deleted by retention"));
        problems.Clear();
        status.Readiness().Ready.ShouldBeTrue();
    }

    [Test]
    public void Readiness_WhenAnExpectedZoneIsMissingOrExpired_IsNotReady()
    {
        ZoneTable table = QueryTestZones.CreateTable();
        var expected = new List<DomainName> { DomainName.Parse("example.com."), DomainName.Parse("example.org.") };
        var status = new ServerStatus(table, () => [], [new ExpectedZones(() => expected)], "secondary");

        status.Readiness().ShouldBe((false, "zone example.org. not loaded yet"));
        expected.RemoveAt(1);
        table.TryGet(DomainName.Parse("child.example.com."), out Zone? child).ShouldBeTrue();
        child.SetExpired(true);
        status.Readiness().ShouldBe((false, "zone child.example.com. expired"));
        child.SetExpired(false);
        status.Readiness().Ready.ShouldBeTrue();
    }

    [Test]
    public void Zones_ListsEveryZoneInCanonicalOrderWithSerialRecordsStatusRoleAndLastError()
    {
        ZoneTable table = QueryTestZones.CreateTable();
        table.TryGet(DomainName.Parse("child.example.com."), out Zone? child).ShouldBeTrue();
        child.SetExpired(true);
        child.Health.Failed("refresh failed: the transferred zone is invalid");

        IReadOnlyList<ZoneStatusView> zones = new ServerStatus(table, () => [], [], "secondary").Zones();

        zones.Select(z => (z.Zone, z.Status, z.Role)).ShouldBe([("example.com.", "serving", "secondary"), ("child.example.com.", "expired", "secondary")]);
        zones[0].Serial.ShouldBe(table.Zones.Single(z => z.Origin == DomainName.Parse("example.com.")).Current.Serial);
        zones[0].Records.ShouldBeGreaterThan(1);
        zones[0].LastError.ShouldBeNull();
        zones[1].LastError!.Message.ShouldBe("refresh failed: the transferred zone is invalid");
    }

    private sealed class Check(Task ready) : IReadinessCheck
    {
        public Task Ready => ready;
    }
}
