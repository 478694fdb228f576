using DnsSuite.Primary.Materialization;
using DnsSuite.TestSupport;

namespace DnsSuite.Primary.Tests;

public class RejectionLogLimiterTests
{
    [Test]
    public void Burst_LogsTheFirstOfAWindowAndSummarizesTheRestWhenItEnds()
    {
        var time = new ManualTimeProvider();
        var summaries = new List<(int Count, string Reasons)>();
        var limiter = new RejectionLogLimiter(time, (count, reasons) => summaries.Add((count, reasons)));

        int logged = Enumerable.Range(0, 1000).Count(i => limiter.Admit(i % 2 == 0 ? RejectionReason.InvalidJson : RejectionReason.InvalidRdata));

        logged.ShouldBe(RejectionLogLimiter.MaxPerWindow);
        summaries.ShouldBeEmpty();
        time.Advance(RejectionLogLimiter.Window);
        summaries.ShouldBe([(1000 - RejectionLogLimiter.MaxPerWindow, "InvalidJson 490, InvalidRdata 490")]);
    }

    [Test]
    public void NextWindow_LogsOneByOneAgain()
    {
        var time = new ManualTimeProvider();
        var summaries = new List<int>();
        var limiter = new RejectionLogLimiter(time, (count, _) => summaries.Add(count));
        for (int i = 0; i <= RejectionLogLimiter.MaxPerWindow; i++)
        {
            limiter.Admit(RejectionReason.InvalidJson);
        }

        time.Advance(RejectionLogLimiter.Window);

        limiter.Admit(RejectionReason.InvalidJson).ShouldBeTrue();
        summaries.ShouldBe([1]);
    }

    [Test]
    public void FewRejections_AreAllLoggedAndNeverSummarized()
    {
        var time = new ManualTimeProvider();
        var summaries = new List<int>();
        var limiter = new RejectionLogLimiter(time, (count, _) => summaries.Add(count));

        for (int i = 0; i < 100; i++)
        {
            limiter.Admit(RejectionReason.InvalidName).ShouldBeTrue();
            time.Advance(TimeSpan.FromSeconds(1));
        }

        summaries.ShouldBeEmpty();
    }
}
