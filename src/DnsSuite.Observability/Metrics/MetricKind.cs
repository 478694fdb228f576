namespace DnsSuite.Observability.Metrics;

/// <summary>The Prometheus metric type an instrument is exposed as.</summary>
public enum MetricKind
{
    /// <summary>Monotonic sums (Counter, ObservableCounter): exposed with the <c>_total</c> suffix.</summary>
    Counter,

    /// <summary>Values that go up and down (UpDownCounter, gauges and their observable forms).</summary>
    Gauge,

    /// <summary>Histogram: cumulative buckets, sum and count.</summary>
    Histogram,
}
