using System.Diagnostics.Metrics;
using DnsSuite.Observability.Metrics;
using DnsSuite.TestSupport.Metrics;

namespace DnsSuite.Observability.Tests;

public sealed class PrometheusExporterTests
{
    private Meter _meter = null!;
    private PrometheusExporter _exporter = null!;

    [SetUp]
    public void SetUp()
    {
        // A meter of its own per test, and an exporter that listens to it alone: tests run in parallel with other meters.
        _meter = new Meter($"DnsSuite.Test.{Guid.NewGuid():N}");
        Meter meter = _meter;
        _exporter = new PrometheusExporter(m => ReferenceEquals(m, meter));
    }

    [TearDown]
    public void TearDown()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    [Test]
    public void Counter_IsExposedWithTotalSuffixHelpTypeAndLabelsFromTags()
    {
        Counter<long> counter = _meter.CreateCounter<long>("dnssuite.changelog.records.rejected", description: "Changes records not applied, by reason");
        counter.Add(2, new KeyValuePair<string, object?>("reason", "BadRdata"));
        counter.Add(1, new KeyValuePair<string, object?>("reason", "BadRdata"));
        counter.Add(1, new KeyValuePair<string, object?>("reason", "UnknownZone"));

        string text = _exporter.Collect();
        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(text);

        text.ShouldContain("# HELP dnssuite_changelog_records_rejected_total Changes records not applied, by reason\n");
        text.ShouldContain("# TYPE dnssuite_changelog_records_rejected_total counter\n");
        PrometheusText.Value(samples, "dnssuite_changelog_records_rejected_total", ("reason", "BadRdata")).ShouldBe(3);
        PrometheusText.Value(samples, "dnssuite_changelog_records_rejected_total", ("reason", "UnknownZone")).ShouldBe(1);
    }

    [Test]
    public void Histogram_HasCumulativeBucketsFromAdviceAndSumAndCount()
    {
        Histogram<double> histogram = _meter.CreateHistogram("dnssuite.transfer.duration", unit: "s", description: "Transfer time", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        histogram.Record(0.05);
        histogram.Record(0.1);
        histogram.Record(0.5);
        histogram.Record(20);

        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(_exporter.Collect());

        samples.Where(s => s.Name == "dnssuite_transfer_duration_seconds_bucket").Select(s => (s.Labels["le"], s.Value))
            .ShouldBe([("0.1", 2), ("1", 3), ("10", 3), ("+Inf", 4)]);
        PrometheusText.Value(samples, "dnssuite_transfer_duration_seconds_sum")!.Value.ShouldBe(20.65, tolerance: 1e-9);
        PrometheusText.Value(samples, "dnssuite_transfer_duration_seconds_count").ShouldBe(4);
        samples.ShouldAllBe(s => s.Type == "histogram");
    }

    [Test]
    public void Histogram_RecordedOnManyThreadsAtOnce_LosesNoMeasurement()
    {
        // Threads record into per-processor stripes; the exposition adds the stripes up.
        Histogram<double> histogram = _meter.CreateHistogram("dnssuite.query.duration", unit: "s", description: "Query time", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5] });
        using var start = new Barrier(4);
        Thread[] threads = [.. Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < 10_000; i++)
            {
                histogram.Record(t % 2 == 0 ? 0.25 : 1);
            }
        }))];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(_exporter.Collect());
        samples.Where(s => s.Name == "dnssuite_query_duration_seconds_bucket").Select(s => (s.Labels["le"], s.Value))
            .ShouldBe([("0.5", 20_000), ("+Inf", 40_000)]);
        PrometheusText.Value(samples, "dnssuite_query_duration_seconds_sum")!.Value.ShouldBe(25_000, tolerance: 1e-6);
        PrometheusText.Value(samples, "dnssuite_query_duration_seconds_count").ShouldBe(40_000);
    }

    [Test]
    public void Histogram_WithoutAdvice_UsesDefaultBucketsPerTagSet()
    {
        Histogram<long> histogram = _meter.CreateHistogram<long>("dnssuite.transfer.bytes", unit: "By");
        histogram.Record(3, new KeyValuePair<string, object?>("type", "AXFR"));

        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(_exporter.Collect());

        PrometheusText.Value(samples, "dnssuite_transfer_bytes_bucket", ("type", "AXFR"), ("le", "2.5")).ShouldBe(0);
        PrometheusText.Value(samples, "dnssuite_transfer_bytes_bucket", ("type", "AXFR"), ("le", "5")).ShouldBe(1);
        PrometheusText.Value(samples, "dnssuite_transfer_bytes_count", ("type", "AXFR")).ShouldBe(1);
    }

    [Test]
    public void ObservableGauge_ReportsCurrentValues_AndForgetsSeriesThatAreGone()
    {
        var zones = new Dictionary<string, long> { ["example.com."] = 7, ["example.net."] = 1 };
        _meter.CreateObservableGauge("dnssuite.zone.serial", () => zones.Select(z => new Measurement<long>(z.Value, new KeyValuePair<string, object?>("zone", z.Key))));

        IReadOnlyList<PrometheusSample> first = PrometheusText.Parse(_exporter.Collect());
        zones.Remove("example.net.");
        zones["example.com."] = 8;
        IReadOnlyList<PrometheusSample> second = PrometheusText.Parse(_exporter.Collect());

        PrometheusText.Value(first, "dnssuite_zone_serial", ("zone", "example.net.")).ShouldBe(1);
        PrometheusText.Value(second, "dnssuite_zone_serial", ("zone", "example.com.")).ShouldBe(8);
        PrometheusText.Value(second, "dnssuite_zone_serial", ("zone", "example.net.")).ShouldBeNull();
        second.Single().Type.ShouldBe("gauge");
    }

    [Test]
    public void ObservableCounter_ReportsTheCumulativeValueItObserves()
    {
        long queries = 5;
        _meter.CreateObservableCounter("dnssuite.queries", () => queries);

        PrometheusText.Parse(_exporter.Collect());
        queries = 9;
        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(_exporter.Collect());

        PrometheusText.Value(samples, "dnssuite_queries_total").ShouldBe(9);
    }

    [Test]
    public void UpDownCounter_IsAGaugeOfTheRunningSum()
    {
        UpDownCounter<int> connections = _meter.CreateUpDownCounter<int>("dnssuite.tcp.connections");
        connections.Add(3);
        connections.Add(-1);

        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(_exporter.Collect());

        samples.Single().ShouldBe(new PrometheusSample("dnssuite_tcp_connections", samples.Single().Labels, 2, "gauge"));
    }

    [Test]
    public void SynchronousGauge_ReportsTheLastValue()
    {
        Gauge<double> age = _meter.CreateGauge<double>("dnssuite.changelog.snapshot.age", unit: "s");
        age.Record(30);
        age.Record(12.5);

        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(_exporter.Collect());

        PrometheusText.Value(samples, "dnssuite_changelog_snapshot_age_seconds").ShouldBe(12.5);
    }

    [Test]
    public void NamesAndLabelNamesAreSanitized_AndLabelValuesEscaped()
    {
        Counter<int> counter = _meter.CreateCounter<int>("9dns-suite/odd name", description: "line one\nline two \\ end");
        counter.Add(1, new KeyValuePair<string, object?>("zone.name", "quote\" back\\ nl\n brace}"));

        string text = _exporter.Collect();
        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(text);

        text.ShouldContain("# HELP _9dns_suite_odd_name_total line one\\nline two \\\\ end\n");
        samples.Single().Name.ShouldBe("_9dns_suite_odd_name_total");
        samples.Single().Labels.ShouldBe(new Dictionary<string, string> { ["zone_name"] = "quote\" back\\ nl\n brace}" });
    }

    [Test]
    public void InstrumentsOfOtherMeters_AreNotExposed()
    {
        using var other = new Meter("Other.Library");
        other.CreateCounter<long>("other.requests").Add(1);
        _meter.CreateCounter<long>("dnssuite.mine").Add(1);

        PrometheusText.Parse(_exporter.Collect()).Select(s => s.Name).ShouldBe(["dnssuite_mine_total"]);
    }

    [Test]
    public void DefaultFilter_ExposesEveryDnsSuiteMeter_ButNotOthers()
    {
        using var exporter = new PrometheusExporter();
        using var other = new Meter("Other.Library");
        other.CreateCounter<long>("other.requests").Add(1);
        _meter.CreateCounter<long>("dnssuite.default.filter.check").Add(4);

        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(exporter.Collect());

        PrometheusText.Value(samples, "dnssuite_default_filter_check_total").ShouldBe(4);
        samples.ShouldNotContain(s => s.Name.StartsWith("other", StringComparison.Ordinal));
    }

    [Test]
    public void DisposedMeter_DisappearsFromTheExposition()
    {
        using var shortLived = new Meter($"DnsSuite.Test.{Guid.NewGuid():N}");
        using var exporter = new PrometheusExporter(m => ReferenceEquals(m, shortLived));
        shortLived.CreateCounter<long>("dnssuite.gone").Add(1);
        PrometheusText.Parse(exporter.Collect()).ShouldNotBeEmpty();

        shortLived.Dispose();

        exporter.Collect().ShouldBeEmpty();
    }
}
