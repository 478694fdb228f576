using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace DnsSuite.Observability.Metrics;

/// <summary>
/// Listens to every <see cref="System.Diagnostics.Metrics"/> instrument of the selected meters (by default every meter
/// whose name starts with <c>DnsSuite</c>, so instruments added anywhere in the suite show up without registration)
/// and writes them in the Prometheus text exposition format (version 0.0.4).
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The media type of the text exposition format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public const string DefaultMeterPrefix = "DnsSuite";

    private readonly MeterListener _listener = new();
    private readonly List<MetricFamily> _families = [];
    private readonly Lock _collecting = new();

    public PrometheusExporter(Func<Meter, bool>? meterFilter = null)
    {
        Func<Meter, bool> filter = meterFilter ?? (meter => meter.Name.StartsWith(DefaultMeterPrefix, StringComparison.Ordinal));
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (filter(instrument.Meter) && Family(instrument) is { } family)
            {
                lock (_families)
                {
                    _families.Add(family);
                }

                listener.EnableMeasurementEvents(instrument, family);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) =>
        {
            lock (_families)
            {
                _families.Remove((MetricFamily)state!);
            }
        };
        _listener.SetMeasurementEventCallback<byte>((instrument, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((instrument, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((instrument, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((instrument, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Collects the observable instruments and writes every metric, sorted by name.</summary>
    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        MetricFamily[] families;
        lock (_families)
        {
            families = [.. _families];
        }

        lock (_collecting)
        {
            foreach (MetricFamily family in families.Where(f => f.IsObservable))
            {
                family.ResetObserved();
            }

            _listener.RecordObservableInstruments();
            foreach (IGrouping<string, MetricFamily> group in families.GroupBy(MetricName).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                WriteFamily(writer, group.Key, group.ToList());
            }
        }
    }

    /// <summary>The exposition as a string (for tests and small endpoints).</summary>
    public string Collect()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>
    /// The Prometheus name of an instrument: characters outside [a-zA-Z0-9_:] become '_', the unit is appended when it is
    /// seconds or bytes (as OpenTelemetry's Prometheus mapping does), and counters end in <c>_total</c>.
    /// </summary>
    internal static string MetricName(MetricFamily family)
    {
        string name = SanitizeName(family.Instrument.Name, allowColon: true);
        string? unitSuffix = family.Instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => null,
        };
        if (unitSuffix is not null && !name.EndsWith(unitSuffix, StringComparison.Ordinal))
        {
            name += unitSuffix;
        }

        return family.Kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    internal static string SanitizeName(string name, bool allowColon)
    {
        var result = new StringBuilder(name.Length + 1);
        foreach (char c in name)
        {
            result.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        if (result.Length == 0 || char.IsAsciiDigit(result[0]))
        {
            result.Insert(0, '_');
        }

        return result.ToString();
    }

    private static MetricFamily? Family(Instrument instrument)
    {
        Type? definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
        if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
        {
            return new MetricFamily(instrument, MetricKind.Counter, null);
        }

        if (definition == typeof(Histogram<>))
        {
            return new MetricFamily(instrument, MetricKind.Histogram, AdviceBounds(instrument));
        }

        return definition == typeof(UpDownCounter<>) || definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>)
            ? new MetricFamily(instrument, MetricKind.Gauge, null)
            : null;
    }

    private static double[]? AdviceBounds(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
        Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        _ => null,
    };

    private static void WriteFamily(TextWriter writer, string name, IReadOnlyList<MetricFamily> families)
    {
        MetricFamily first = families[0];
        string help = first.Instrument.Description ?? first.Instrument.Name;
        writer.Write($"# HELP {name} {EscapeHelp(help)}\n");
        writer.Write($"# TYPE {name} {first.Kind.ToString().ToLowerInvariant()}\n");
        foreach (MetricFamily family in families)
        {
            foreach (MetricSeries series in family.Series.OrderBy(s => Labels(s.Labels), StringComparer.Ordinal))
            {
                if (family.Kind != MetricKind.Histogram)
                {
                    writer.Write($"{name}{Labels(series.Labels)} {Number(series.Value)}\n");
                    continue;
                }

                (long[] buckets, long count, double sum) = series.Snapshot();
                long cumulative = 0;
                for (int i = 0; i < family.Bounds!.Count; i++)
                {
                    cumulative += buckets[i];
                    writer.Write($"{name}_bucket{Labels(series.Labels, Number(family.Bounds[i]))} {cumulative}\n");
                }

                writer.Write($"{name}_bucket{Labels(series.Labels, "+Inf")} {count}\n");
                writer.Write($"{name}_sum{Labels(series.Labels)} {Number(sum)}\n");
                writer.Write($"{name}_count{Labels(series.Labels)} {count}\n");
            }
        }
    }

    private static string Labels(IReadOnlyList<KeyValuePair<string, string>> labels, string? le = null)
    {
        if (labels.Count == 0 && le is null)
        {
            return "";
        }

        IEnumerable<string> pairs = labels.Select(label => $"{SanitizeName(label.Key, allowColon: false)}=\"{EscapeLabelValue(label.Value)}\"");
        if (le is not null)
        {
            pairs = pairs.Append($"le=\"{le}\"");
        }

        return "{" + string.Join(',', pairs) + "}";
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'),
    };

    private static string EscapeHelp(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeLabelValue(string text) => EscapeHelp(text).Replace("\"", "\\\"", StringComparison.Ordinal);
}
