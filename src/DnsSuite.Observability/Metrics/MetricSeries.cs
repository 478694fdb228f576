namespace DnsSuite.Observability.Metrics;

/// <summary>
/// One labelled time series of an instrument: a sum or last value, or the buckets of a histogram. Updates come from
/// any thread without locks; a scrape reads a value that may be a few measurements behind, as Prometheus allows.
/// A histogram keeps one stripe of buckets, count and sum per processor, each on cache lines of its own, so threads
/// recording at once on different cores (the query latency on every UDP receive loop) never write the same line.
/// </summary>
internal sealed class MetricSeries
{
    /// <summary>Longs per 128 octets: two cache lines, as adjacent-line prefetching pairs them.</summary>
    private const int LineLongs = 16;

    // A stripe: [sum as double bits][bucket 0]...[bucket n] rounded up to whole lines, after one line of padding.
    private const int SumSlot = 0;
    private const int FirstBucketSlot = 1;

    private readonly IReadOnlyList<double>? _bounds;
    private readonly long[]? _stripes;
    private readonly int _stripeLength;
    private readonly int _stripeCount;
    private double _value;

    public MetricSeries(IReadOnlyList<KeyValuePair<string, string>> labels, IReadOnlyList<double>? bounds)
    {
        Labels = labels;
        _bounds = bounds;
        if (bounds is not null)
        {
            _stripeCount = Environment.ProcessorCount;
            _stripeLength = (FirstBucketSlot + bounds.Count + 1 + LineLongs - 1) / LineLongs * LineLongs;
            _stripes = new long[LineLongs + (_stripeCount * _stripeLength)];
        }
    }

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; }

    /// <summary>The sum or last value (a histogram's state is in <see cref="Snapshot"/>).</summary>
    public double Value => Volatile.Read(ref _value);

    /// <summary>
    /// A histogram's state: per bucket (not cumulative) counts, the last one counting the values above every bound,
    /// their total and the sum of the values. The total is the sum of the buckets read, so the two always agree.
    /// </summary>
    public (long[] Buckets, long Count, double Sum) Snapshot()
    {
        long[] stripes = _stripes ?? throw new InvalidOperationException("not a histogram series");
        long[] buckets = new long[_bounds!.Count + 1];
        double sum = 0;
        for (int stripe = 0; stripe < _stripeCount; stripe++)
        {
            int start = LineLongs + (stripe * _stripeLength);
            sum += BitConverter.Int64BitsToDouble(Interlocked.Read(ref stripes[start + SumSlot]));
            for (int bucket = 0; bucket < buckets.Length; bucket++)
            {
                buckets[bucket] += Interlocked.Read(ref stripes[start + FirstBucketSlot + bucket]);
            }
        }

        return (buckets, buckets.Sum(), sum);
    }

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
        long[] stripes = _stripes ?? throw new InvalidOperationException("not a histogram series");
        int bucket = 0;
        int last = _bounds!.Count;
        while (bucket < last && value > _bounds[bucket])
        {
            bucket++;
        }

        // Another thread may run on the same processor (or move off it midway), so the stripe is updated atomically;
        // it is just almost never contended.
        int start = LineLongs + (Thread.GetCurrentProcessorId() % _stripeCount * _stripeLength);
        Interlocked.Increment(ref stripes[start + FirstBucketSlot + bucket]);
        ref long sum = ref stripes[start + SumSlot];
        long current = Interlocked.Read(ref sum);
        while (true)
        {
            long seen = Interlocked.CompareExchange(ref sum, BitConverter.DoubleToInt64Bits(BitConverter.Int64BitsToDouble(current) + value), current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
