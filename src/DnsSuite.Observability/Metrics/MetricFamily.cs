using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace DnsSuite.Observability.Metrics;

/// <summary>What the exporter keeps of one instrument: its description and its series, one per distinct set of tags.</summary>
internal sealed class MetricFamily
{
    /// <summary>Bucket bounds of histograms that give no advice: Prometheus' default, in seconds.</summary>
    private static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private readonly MetricSeries _untagged;
    private bool _untaggedUsed;

    public MetricFamily(Instrument instrument, MetricKind kind, IReadOnlyList<double>? adviceBounds)
    {
        Instrument = instrument;
        Kind = kind;
        IsObservable = instrument.IsObservable;
        Bounds = kind == MetricKind.Histogram ? adviceBounds ?? DefaultBounds : null;
        _untagged = new MetricSeries([], Bounds);
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    /// <summary>Observable instruments report their whole state on each collection, so their series are replaced, not summed.</summary>
    public bool IsObservable { get; }

    public IReadOnlyList<double>? Bounds { get; }

    public IEnumerable<MetricSeries> Series => (Volatile.Read(ref _untaggedUsed) ? [_untagged] : Enumerable.Empty<MetricSeries>()).Concat(_series.Values);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        MetricSeries series = Find(tags);
        switch (Kind)
        {
            case MetricKind.Histogram:
                series.Record(value);
                break;
            case MetricKind.Counter when !IsObservable:
            case MetricKind.Gauge when Instrument is UpDownCounter<int> or UpDownCounter<long> or UpDownCounter<double> or UpDownCounter<float> or UpDownCounter<short> or UpDownCounter<byte> or UpDownCounter<decimal>:
                series.Add(value);
                break;
            default:
                series.Set(value);
                break;
        }
    }

    /// <summary>Forgets the series of an observable instrument before a collection, so that a zone that is gone disappears.</summary>
    public void ResetObserved()
    {
        Volatile.Write(ref _untaggedUsed, false);
        _series.Clear();
    }

    private MetricSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            // The hot path (e.g. the query latency histogram) records without tags and allocates nothing here.
            if (!_untaggedUsed)
            {
                Volatile.Write(ref _untaggedUsed, true);
            }

            return _untagged;
        }

        var labels = new KeyValuePair<string, string>[tags.Length];
        var key = new StringBuilder();
        for (int i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
        }

        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (KeyValuePair<string, string> label in labels)
        {
            key.Append(label.Key).Append('\0').Append(label.Value).Append('\0');
        }

        return _series.GetOrAdd(key.ToString(), static (_, state) => new MetricSeries(state.Labels, state.Bounds), (Labels: labels, Bounds));
    }
}
