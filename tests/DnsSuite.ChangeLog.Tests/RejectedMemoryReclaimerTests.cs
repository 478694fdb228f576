using DnsSuite.ChangeLog.Materialization;
using DnsSuite.TestSupport;

namespace DnsSuite.ChangeLog.Tests;

public class RejectedMemoryReclaimerTests
{
    [Test]
    public void BurstOfLargeRejections_ReclaimsOnceWhenItIsOver()
    {
        var time = new ManualTimeProvider();
        int reclaimed = 0;
        var reclaimer = new RejectedMemoryReclaimer(time, () => reclaimed++);

        for (int i = 0; i < 10; i++)
        {
            reclaimer.Rejected(4 * 1024 * 1024);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        reclaimed.ShouldBe(0, "each large rejection pushes the collection back");
        time.Advance(RejectedMemoryReclaimer.Quiet);
        reclaimed.ShouldBe(1);
        time.Advance(TimeSpan.FromMinutes(1));
        reclaimed.ShouldBe(1);
    }

    [Test]
    public void SmallRejections_NeverReclaim()
    {
        var time = new ManualTimeProvider();
        int reclaimed = 0;
        var reclaimer = new RejectedMemoryReclaimer(time, () => reclaimed++);

        for (int i = 0; i < 1000; i++)
        {
            reclaimer.Rejected(1000);
            time.Advance(TimeSpan.FromSeconds(5));
        }

        reclaimed.ShouldBe(0);
    }
}
