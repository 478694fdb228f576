using DnsSuite.Primary.Materialization;
using DnsSuite.TestSupport;

namespace DnsSuite.Primary.Tests;

public class RejectedMemoryReclaimerTests
{
    private ManualTimeProvider _time = null!;
    private RejectedMemoryReclaimer _reclaimer = null!;
    private int _reclaimed;

    [SetUp]
    public void CreateReclaimer()
    {
        _time = new ManualTimeProvider();
        _reclaimed = 0;
        _reclaimer = new RejectedMemoryReclaimer(_time, () => _reclaimed++);
    }

    [Test]
    public void BurstOfLargeRejections_ReclaimsOnceWhenItIsOver()
    {
        for (int i = 0; i < 10; i++)
        {
            _reclaimer.Rejected(4 * 1024 * 1024);
            _time.Advance(TimeSpan.FromMilliseconds(500));
        }

        _reclaimed.ShouldBe(0, "each large rejection pushes the collection back");
        _time.Advance(RejectedMemoryReclaimer.Quiet);
        _reclaimed.ShouldBe(1);
        _time.Advance(TimeSpan.FromMinutes(1));
        _reclaimed.ShouldBe(1);
    }

    [Test]
    public void SmallRejections_NeverReclaim()
    {
        for (int i = 0; i < 1000; i++)
        {
            _reclaimer.Rejected(1000);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        _reclaimed.ShouldBe(0);
    }
}
