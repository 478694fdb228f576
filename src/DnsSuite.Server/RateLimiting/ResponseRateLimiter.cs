using System.Buffers.Binary;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using DnsSuite.Net;
using DnsSuite.Protocol;

namespace DnsSuite.Server.RateLimiting;

/// <summary>
/// Response rate limiting (RRL) as BIND, Knot and NSD do it: each UDP response is classified (an answer or NODATA by
/// its qname and type, a referral by its qname, NXDOMAIN by its zone, an error by its code) and counted in a token
/// bucket of its client network (<see cref="RateLimitOptions.Ipv4PrefixLength"/>); beyond the rate the response is
/// dropped, or every <see cref="RateLimitOptions.Slip"/>th one truncated. TCP is never limited: it cannot be spoofed.
/// The buckets are a fixed table of theoretical arrival times (GCRA), updated without locks or allocation.
/// </summary>
public sealed class ResponseRateLimiter
{
    public const string MeterName = "DnsSuite.Server.RateLimit";

    private const int HeaderSize = 12;

    private readonly long[] _arrivals;
    private readonly int[] _limited;
    private readonly int _mask;
    private readonly long _interval;
    private readonly long _burst;
    private readonly int _slip;
    private readonly int _ipv4Prefix;
    private readonly int _ipv6Prefix;
    private readonly (byte[] Address, int PrefixLength)[] _exempt;
    private readonly TimeProvider _time;
    private long _dropped;
    private long _slipped;

    public ResponseRateLimiter(RateLimitOptions options, TimeProvider time, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        Enabled = options.ResponsesPerSecond > 0;
        int size = Enabled ? options.TableSize : 1;
        _arrivals = new long[size];
        _limited = new int[size];
        _mask = size - 1;
        _interval = Enabled ? time.TimestampFrequency / options.ResponsesPerSecond : 0;
        // One second's worth of responses passes at once, as a bucket that starts full.
        _burst = time.TimestampFrequency;
        _slip = options.Slip;
        _ipv4Prefix = options.Ipv4PrefixLength;
        _ipv6Prefix = options.Ipv6PrefixLength;
        _exempt = [.. options.Exempt.Select(entry =>
        {
            IPNetwork network = entry.Contains('/') ? IPNetwork.Parse(entry) : new IPNetwork(IPAddress.Parse(entry), IPAddress.Parse(entry).AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return (network.BaseAddress.GetAddressBytes(), network.PrefixLength);
        })];
        if (meterFactory is not null)
        {
            Meter meter = meterFactory.Create(MeterName);
            meter.CreateObservableCounter("dnssuite.rrl.limited", () => new[]
            {
                new Measurement<long>(Interlocked.Read(ref _dropped), new KeyValuePair<string, object?>("action", "drop")),
                new Measurement<long>(Interlocked.Read(ref _slipped), new KeyValuePair<string, object?>("action", "slip")),
            }, description: "UDP responses held back by response rate limiting, dropped or sent truncated");
        }
    }

    /// <summary>Whether a rate is configured; when not, <see cref="Decide"/> need not be asked.</summary>
    public bool Enabled { get; }

    /// <summary>What to do with the UDP <paramref name="response"/> to the client of <paramref name="context"/>.</summary>
    public RateLimitAction Decide(in RequestContext context, ReadOnlySpan<byte> response)
    {
        if (!Enabled || response.Length < HeaderSize)
        {
            return RateLimitAction.Send;
        }

        Span<byte> address = stackalloc byte[16];
        int length = context.WriteRemoteAddress(address);
        address = address[..length];
        if (length == 0 || IsExempt(address))
        {
            return RateLimitAction.Send;
        }

        int index = (int)(Classify(address, response) & (uint)_mask);
        long now = _time.GetTimestamp();
        while (true)
        {
            long arrival = Volatile.Read(ref _arrivals[index]);
            long start = Math.Max(arrival, now);
            if (start - now > _burst)
            {
                break;
            }

            if (Interlocked.CompareExchange(ref _arrivals[index], start + _interval, arrival) == arrival)
            {
                return RateLimitAction.Send;
            }
        }

        if (_slip > 0 && Interlocked.Increment(ref _limited[index]) % _slip == 0)
        {
            Interlocked.Increment(ref _slipped);
            return RateLimitAction.Slip;
        }

        Interlocked.Increment(ref _dropped);
        return RateLimitAction.Drop;
    }

    /// <summary>Rewrites the response in place as a slip: header and question, TC set, no records; returns its length.</summary>
    public static int Truncate(Span<byte> response)
    {
        int end = SkipName(response, HeaderSize);
        if (end < 0 || end + 4 > response.Length)
        {
            return HeaderSize;
        }

        response[2] |= 0x02; // TC (RFC 1035 §4.1.1)
        response[6..HeaderSize].Clear();
        return end + 4;
    }

    /// <summary>The hash of the response's bucket key: client network, kind of response, and the name it is counted by.</summary>
    private uint Classify(ReadOnlySpan<byte> address, ReadOnlySpan<byte> response)
    {
        var hash = new HashCode();
        int prefix = address.Length == 4 ? _ipv4Prefix : _ipv6Prefix;
        for (int i = 0; i < address.Length; i++)
        {
            int bits = Math.Clamp(prefix - (i * 8), 0, 8);
            hash.Add((byte)(address[i] & (0xFF00 >> bits)));
        }

        var code = (ResponseCode)(response[3] & 0x0F);
        int answers = BinaryPrimitives.ReadUInt16BigEndian(response[6..]);
        bool authoritative = (response[2] & 0x04) != 0;
        int questionEnd = SkipName(response, HeaderSize);
        switch (code)
        {
            case ResponseCode.NoError when questionEnd > 0 && questionEnd + 4 <= response.Length:
                // An answer or NODATA by qname and type; a referral by qname.
                hash.Add(answers > 0 ? 1 : authoritative ? 2 : 3);
                AddName(ref hash, response, HeaderSize);
                hash.Add(BinaryPrimitives.ReadUInt16BigEndian(response[questionEnd..]));
                break;
            case ResponseCode.NXDomain when answers == 0 && questionEnd > 0 && questionEnd + 4 <= response.Length:
                // Counted by zone, so that random names of one zone share a bucket: the owner of the SOA in the authority section.
                hash.Add(4);
                AddName(ref hash, response, questionEnd + 4);
                break;
            default:
                hash.Add(5);
                hash.Add((int)code);
                break;
        }

        return (uint)hash.ToHashCode();
    }

    private bool IsExempt(ReadOnlySpan<byte> address)
    {
        foreach ((byte[] network, int prefixLength) in _exempt)
        {
            if (network.Length == address.Length && SamePrefix(network, address, prefixLength))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SamePrefix(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int prefixLength)
    {
        int whole = prefixLength / 8;
        if (!a[..whole].SequenceEqual(b[..whole]))
        {
            return false;
        }

        int rest = prefixLength % 8;
        return rest == 0 || ((a[whole] ^ b[whole]) & (0xFF00 >> rest) & 0xFF) == 0;
    }

    /// <summary>The offset after the name at <paramref name="offset"/> (a pointer ends it), or -1 when it runs out of the message.</summary>
    private static int SkipName(ReadOnlySpan<byte> message, int offset)
    {
        while (offset < message.Length)
        {
            int label = message[offset];
            if (label == 0)
            {
                return offset + 1;
            }

            if ((label & 0xC0) == 0xC0)
            {
                return offset + 2 <= message.Length ? offset + 2 : -1;
            }

            offset += 1 + label;
        }

        return -1;
    }

    /// <summary>Adds the name at <paramref name="offset"/>, lower-cased and decompressed (RFC 1035 §4.1.4), to the hash.</summary>
    private static void AddName(ref HashCode hash, ReadOnlySpan<byte> message, int offset)
    {
        for (int jumps = 0; offset < message.Length && jumps < 16;)
        {
            int label = message[offset];
            if (label == 0)
            {
                return;
            }

            if ((label & 0xC0) == 0xC0)
            {
                if (offset + 1 >= message.Length)
                {
                    return;
                }

                offset = ((label & 0x3F) << 8) | message[offset + 1];
                jumps++;
                continue;
            }

            int end = Math.Min(offset + 1 + label, message.Length);
            for (int i = offset + 1; i < end; i++)
            {
                byte octet = message[i];
                hash.Add(octet is >= (byte)'A' and <= (byte)'Z' ? (byte)(octet | 0x20) : octet);
            }

            hash.Add('.');
            offset = end;
        }
    }
}
