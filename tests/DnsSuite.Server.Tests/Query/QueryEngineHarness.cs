using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Server.Query;
using DnsSuite.TestSupport.Zones;
using DnsSuite.Zones;

namespace DnsSuite.Server.Tests.Query;

/// <summary>A query engine over <see cref="QueryTestZones"/>, called with raw packets as a listener would.</summary>
internal sealed class QueryEngineHarness(QueryEngineOptions? options = null, ZoneTable? zones = null)
{
    private readonly byte[] _buffer = new byte[ushort.MaxValue];

    public QueryEngine Engine { get; } = new(zones ?? QueryTestZones.CreateTable(), options ?? new QueryEngineOptions());

    public static byte[] Query(string name, RecordType type, Edns? edns = null, RecordClass @class = RecordClass.IN, ushort id = 4242)
    {
        var message = new Message { Id = id, OpCode = OpCode.Query, Edns = edns };
        message.Questions.Add(new Question(DomainName.Parse(name), type, @class));
        return message.ToArray();
    }

    /// <summary>A query with a (well-formed, unverifiable) TSIG record last in the additional section (RFC 8945 §4.2).</summary>
    public static byte[] TsigSignedQuery(string name, RecordType type, ushort id)
    {
        var message = Message.CreateQuery(DomainName.Parse(name), type, id);
        byte[] rdata = [.. DomainName.Parse("hmac-sha256.").Wire, 0, 0, 0, 0, 0, 0, 1, 44, 0, 0, (byte)(id >> 8), (byte)id, 0, 0, 0, 0];
        message.Additional.Add(new ResourceRecord(DomainName.Parse("key.example."), RecordClass.ANY, 0, Rdata.FromWire(RecordType.TSIG, rdata)));
        return message.ToArray();
    }

    /// <summary>The engine's raw result: the response octets, or an empty array with the (non-positive) return value.</summary>
    public (int Result, byte[] Response) AnswerRaw(ReadOnlySpan<byte> query, DnsTransport transport = DnsTransport.Udp)
    {
        int result = Engine.Answer(query, _buffer, transport);
        return (result, result > 0 ? _buffer.AsSpan(0, result).ToArray() : []);
    }

    public Message Ask(ReadOnlySpan<byte> query, DnsTransport transport = DnsTransport.Udp)
    {
        (int result, byte[] response) = AnswerRaw(query, transport);
        result.ShouldBeGreaterThan(0);
        Message.TryParse(response, out Message? message, out string? error).ShouldBeTrue(error);
        return message;
    }

    public Message Ask(string name, RecordType type, Edns? edns = null, DnsTransport transport = DnsTransport.Udp) =>
        Ask(Query(name, type, edns), transport);

    public static string[] Lines(IEnumerable<ResourceRecord> records) =>
        [.. records.Select(r => r.ToString()).Order(StringComparer.Ordinal)];

    public static string[] Lines(IEnumerable<string>? zoneLines) =>
        [.. (zoneLines ?? []).Select(line => ResourceRecord.Parse(line).ToString()).Order(StringComparer.Ordinal)];
}
