using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DnsSuite.Protocol;

namespace DnsSuite.Server.Query;

/// <summary>
/// Queries answered on the fast path, by response code and query type, and their latency (meter <see cref="MeterName"/>).
/// Each thread that answers queries (a UDP receive loop, a pool thread on TCP) counts in an array of its own, summed
/// only when metrics are collected, so counting a query allocates nothing, takes no lock and writes no memory another
/// core writes.
/// </summary>
public sealed class QueryMetrics
{
    public const string MeterName = "DnsSuite.Server.Query";

    /// <summary>Query types above this share the "other" row (CAA, 257, is the one common type beyond it and has its own).</summary>
    private const int DirectTypes = 256;
    private const int CaaRow = DirectTypes;
    private const int OtherRow = DirectTypes + 1;
    private const int Rows = DirectTypes + 2;
    private const int ResponseCodes = 16;

    /// <summary>Bounds from 10 µs to 100 ms: an authoritative answer from memory takes microseconds.</summary>
    private static readonly double[] LatencyBounds = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.01, 0.1];

    /// <summary>The counts of the thread's last <see cref="QueryMetrics"/> (there is one per server; tests make more).</summary>
    [ThreadStatic]
    private static ThreadCounts? t_counts;

    /// <summary>Each thread's counts, by managed thread id: a thread that ends leaves its counts to the next with its id.</summary>
    private readonly Dictionary<int, long[]> _threadCounts = [];
    private readonly Histogram<double> _duration;

    public QueryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("dnssuite.queries", Observe, description: "Queries answered on the fast path, by response code and query type");
        _duration = meter.CreateHistogram(
            "dnssuite.query.duration",
            unit: "s",
            description: "Time to answer a query on the fast path",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBounds });
    }

    /// <summary>Counts the response in <paramref name="response"/> (header and question as written) that took from <paramref name="startTimestamp"/> until now.</summary>
    public void Answered(ReadOnlySpan<byte> response, long startTimestamp)
    {
        if (_duration.Enabled)
        {
            _duration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
        }

        // RFC 1035 §4.1.1: RCODE is the low four bits of the fourth octet.
        int responseCode = response.Length > 3 ? response[3] & 0x0F : 0;
        ThreadCounts? counts = t_counts;
        if (counts is null || !ReferenceEquals(counts.Owner, this))
        {
            t_counts = counts = new ThreadCounts(this, CountsOf(Environment.CurrentManagedThreadId));
        }

        // Only this thread writes the array; Interlocked keeps a collector's read of a count whole on 32-bit systems.
        Interlocked.Increment(ref counts.Counts[(Row(response) * ResponseCodes) + responseCode]);
    }

    private long[] CountsOf(int thread)
    {
        lock (_threadCounts)
        {
            if (!_threadCounts.TryGetValue(thread, out long[]? counts))
            {
                _threadCounts[thread] = counts = new long[Rows * ResponseCodes];
            }

            return counts;
        }
    }

    /// <summary>The query type of the question that follows the 12-octet header (RFC 1035 §4.1.2), or the "other" row.</summary>
    private static int Row(ReadOnlySpan<byte> message)
    {
        int position = 12;
        while (position < message.Length && message[position] is var length and not 0)
        {
            if ((length & 0xC0) != 0)
            {
                return OtherRow;
            }

            position += length + 1;
        }

        if (position + 3 > message.Length)
        {
            return OtherRow;
        }

        int type = BinaryPrimitives.ReadUInt16BigEndian(message[(position + 1)..]);
        return type < DirectTypes ? type : type == (int)RecordType.CAA ? CaaRow : OtherRow;
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        long[][] threads;
        lock (_threadCounts)
        {
            threads = [.. _threadCounts.Values];
        }

        for (int row = 0; row < Rows; row++)
        {
            for (int code = 0; code < ResponseCodes; code++)
            {
                long count = 0;
                foreach (long[] counts in threads)
                {
                    count += Interlocked.Read(ref counts[(row * ResponseCodes) + code]);
                }

                if (count > 0)
                {
                    yield return new Measurement<long>(
                        count,
                        new KeyValuePair<string, object?>("rcode", ((ResponseCode)code).ToString().ToUpperInvariant()),
                        new KeyValuePair<string, object?>("qtype", TypeName(row)));
                }
            }
        }
    }

    private static string TypeName(int row) => row switch
    {
        CaaRow => nameof(RecordType.CAA),
        OtherRow => "other",
        _ => Enum.IsDefined((RecordType)row) ? ((RecordType)row).ToString() : $"TYPE{row}",
    };

    private sealed record ThreadCounts(QueryMetrics Owner, long[] Counts);
}
