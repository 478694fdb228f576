namespace DnsSuite.Observability.Metrics;

/// <summary>
/// One labelled time series of an instrument: a sum or last value, or the buckets of a histogram. Updates come from
/// any thread without locks; a scrape reads a value that may be a few measurements behind, as Prometheus allows.
/// </summary>
internal sealed class MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, IReadOnlyList<double>? bounds)
{
    private readonly long[] _bucketCounts = new long[(bounds?.Count ?? 0) + 1];
    private double _value;
    private long _count;

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

    public double Value => Volatile.Read(ref _value);

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Per bucket (not cumulative) counts; the last one counts the values above every bound.</summary>
    public IReadOnlyList<long> BucketCounts => _bucketCounts;

    public void Add(double value)
    {
        double current = Volatile.Read(ref _value);
        while (true)
        {
            double seen = Interlocked.CompareExchange(ref _value, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Record(double value)
    {
        int bucket = 0;
        int last = _bucketCounts.Length - 1;
        while (bucket < last && value > bounds![bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _bucketCounts[bucket]);
        Interlocked.Increment(ref _count);
        Add(value);
    }
}
