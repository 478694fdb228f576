using System.Diagnostics.Metrics;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Observability.Metrics;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Server;
using DnsSuite.Server.Query;
using DnsSuite.TestSupport.Metrics;
using DnsSuite.TestSupport.Zones;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Observability.Tests;

public sealed class QueryMetricsTests
{
    private ServiceProvider _services = null!;
    private PrometheusExporter _exporter = null!;
    private MeteredRequestHandler _handler = null!;

    [SetUp]
    public void SetUp()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        IMeterFactory factory = _services.GetRequiredService<IMeterFactory>();
        _exporter = new PrometheusExporter(meter => ReferenceEquals(meter.Scope, factory));
        var engine = new QueryEngine(QueryTestZones.CreateTable(), new QueryEngineOptions());
        _handler = new MeteredRequestHandler(new RequestPipeline(engine, NullLogger<RequestPipeline>.Instance), new QueryMetrics(factory));
    }

    [TearDown]
    public void TearDown()
    {
        _exporter.Dispose();
        _services.Dispose();
    }

    [Test]
    public void Answers_AreCountedByResponseCodeAndQueryType_WithTheirLatency()
    {
        Ask("example.com.", RecordType.SOA);
        Ask("example.com.", RecordType.SOA);
        Ask("no-such-name.example.com.", RecordType.A);
        Ask("example.com.", RecordType.CAA);
        Ask("example.com.", (RecordType)65280);
        Ask("example.org.", RecordType.A);

        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(_exporter.Collect());

        PrometheusText.Value(samples, "dnssuite_queries_total", ("rcode", "NOERROR"), ("qtype", "SOA")).ShouldBe(2);
        PrometheusText.Value(samples, "dnssuite_queries_total", ("rcode", "NXDOMAIN"), ("qtype", "A")).ShouldBe(1);
        PrometheusText.Value(samples, "dnssuite_queries_total", ("rcode", "NOERROR"), ("qtype", "CAA")).ShouldBe(1);
        PrometheusText.Value(samples, "dnssuite_queries_total", ("rcode", "NOERROR"), ("qtype", "other")).ShouldBe(1);
        PrometheusText.Value(samples, "dnssuite_queries_total", ("rcode", "REFUSED"), ("qtype", "A")).ShouldBe(1);
        PrometheusText.Value(samples, "dnssuite_query_duration_seconds_count").ShouldBe(6);
        PrometheusText.Value(samples, "dnssuite_query_duration_seconds_bucket", ("le", "+Inf")).ShouldBe(6);
    }

    [Test]
    public void RequestsForTheSlowPath_AreNotCountedAsQueries()
    {
        byte[] notify = new Message { OpCode = OpCode.Notify, Questions = { new Question(DomainName.Parse("example.com."), RecordType.SOA) } }.ToArray();
        byte[] response = new byte[ushort.MaxValue];

        _handler.TryHandle(notify, response, Context()).ShouldBe(QueryEngine.NeedsSlowPath);

        PrometheusText.Parse(_exporter.Collect()).Where(s => s.Name == "dnssuite_queries_total").ShouldBeEmpty();
    }

    [Test]
    public void AnswersOnManyThreads_AreSummed_IncludingThreadsThatHaveEnded()
    {
        // Each thread counts in an array of its own; a collection adds them all up.
        Thread[] threads = [.. Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 250; i++)
            {
                Ask("example.com.", RecordType.SOA);
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

        Ask("example.com.", RecordType.SOA);

        IReadOnlyList<PrometheusSample> samples = PrometheusText.Parse(_exporter.Collect());
        PrometheusText.Value(samples, "dnssuite_queries_total", ("rcode", "NOERROR"), ("qtype", "SOA")).ShouldBe(1001);
        PrometheusText.Value(samples, "dnssuite_query_duration_seconds_count").ShouldBe(1001);
    }

    private void Ask(string name, RecordType type)
    {
        byte[] query = Message.CreateQuery(DomainName.Parse(name), type, id: 7).ToArray();
        byte[] response = new byte[ushort.MaxValue];
        _handler.TryHandle(query, response, Context()).ShouldBeGreaterThan(0);
    }

    private static RequestContext Context() => new(new IPEndPoint(IPAddress.Loopback, 40000), new IPEndPoint(IPAddress.Loopback, 53), DnsTransport.Udp);
}
