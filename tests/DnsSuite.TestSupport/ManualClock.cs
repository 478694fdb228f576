namespace DnsSuite.TestSupport;

/// <summary>A clock that shows the time the test sets, so record timestamps are known exactly.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
