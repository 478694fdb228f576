using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DnsSuite.Protocol;

namespace DnsSuite.Server.Query;

/// <summary>
/// Queries answered on the fast path, by response code and query type, and their latency (meter <see cref="MeterName"/>).
/// The counts live in a plain array bumped with <see cref="Interlocked"/> and are read only when metrics are collected,
/// so counting a query allocates nothing and takes no lock.
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

    private readonly long[] _counts = new long[Rows * ResponseCodes];
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
        Interlocked.Increment(ref _counts[(Row(response) * ResponseCodes) + responseCode]);
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
        for (int row = 0; row < Rows; row++)
        {
            for (int code = 0; code < ResponseCodes; code++)
            {
                long count = Interlocked.Read(ref _counts[(row * ResponseCodes) + code]);
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
}
