using System.Collections.Concurrent;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Zones;
using Microsoft.Extensions.Logging.Abstractions;
using static DnsSuite.TestSupport.Records;

namespace DnsSuite.Secondary.Tests;

/// <summary>
/// A scripted primary on 127.0.0.1: an in-process <see cref="DnsListener"/> that answers SOA, AXFR and IXFR from a
/// zone it changes through <see cref="ZoneTransaction"/>, keeping the changesets as its IXFR history, and that can
/// be told to misbehave in the ways a secondary must survive.
/// </summary>
public sealed class FakePrimary : IDnsRequestHandler, IAsyncDisposable
{
    public const string Origin = "example.";

    private const int RecordsPerMessage = 3;

    private static readonly string[] InitialZone =
    [
        "@ 3600 IN SOA ns1 admin 1 100 50 1000 60",
        "@ 3600 IN NS ns1",
        "ns1 3600 IN A 192.0.2.1",
        "www 3600 IN A 192.0.2.10",
    ];

    private readonly List<Changeset> _history = [];
    private readonly TimeProvider _time;
    private readonly DnsListener _listener;
    private ZoneVersion _current;

    public FakePrimary(TimeProvider time, TsigKey? key = null)
    {
        _time = time;
        Key = key;
        _current = ZoneVersion.Create(DomainName.Parse(Origin), Rrs(Origin, InitialZone));
        _listener = DnsListener.Start(new IPEndPoint(IPAddress.Loopback, 0), this, new DnsListenerOptions { TcpIdleTimeout = TimeSpan.FromMilliseconds(300) }, NullLoggerFactory.Instance);
    }

    public enum IxfrMode
    {
        History,
        Refused,
        NotImp,
        ServFail,
        WholeZone,
        HistoryThatDoesNotApply,
        LoneSoa,
        Garbage,
        CutHalfway,
        BadSignature,
    }

    public IPEndPoint EndPoint => _listener.LocalEndPoint;

    public TsigKey? Key { get; }

    public ZoneVersion Current => Volatile.Read(ref _current);

    public IxfrMode Ixfr { get; set; } = IxfrMode.History;

    /// <summary>Whether AXFR is cut halfway (the connection then closes without the final SOA).</summary>
    public bool CutAxfr { get; set; }

    /// <summary>Whether the primary ignores every request, as one that is down.</summary>
    public bool Silent { get; set; }

    /// <summary>The types of the requests received, in order.</summary>
    public ConcurrentQueue<RecordType> Requests { get; } = new();

    public int Count(RecordType type) => Requests.Count(t => t == type);

    /// <summary>Applies one change (records as zone-file lines relative to the origin) and bumps the serial.</summary>
    public void Change(string[] add, string[]? remove = null, uint? serial = null)
    {
        var transaction = new ZoneTransaction(Current);
        foreach (ResourceRecord record in Rrs(Origin, remove ?? []))
        {
            transaction.Remove(record).ShouldBeTrue($"{record} is in the primary's zone");
        }

        foreach (ResourceRecord record in Rrs(Origin, add))
        {
            transaction.Add(record);
        }

        (ZoneVersion version, Changeset changes) = transaction.Commit(serial ?? Current.Serial + 1);
        _history.Add(changes);
        Volatile.Write(ref _current, version);
    }

    public int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context) => -1;

    public async Task HandleAsync(ReadOnlyMemory<byte> request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken)
    {
        if (!Message.TryParse(request.Span, out Message? query, out _) || query.Question is not { } question)
        {
            return;
        }

        Requests.Enqueue(question.Type);
        if (Silent)
        {
            return;
        }

        TsigState? tsig = null;
        if (Key is not null)
        {
            bool breakIt = Ixfr == IxfrMode.BadSignature && question.Type == RecordType.IXFR;
            var ring = new TsigKeyRing([breakIt ? new TsigKey(Key.Name, Key.Algorithm, new byte[32]) : Key]);
            TsigVerifyResult verified = TsigSigner.VerifyRequest(request.Span, ring, _time.GetUtcNow());
            if (!verified.IsVerified)
            {
                Message refusal = Response(query, verified.ResponseCode);
                await sink.SendAsync(verified.State is null ? refusal.ToArray() : TsigSigner.SignResponse(refusal.ToArray(), verified.State, _time.GetUtcNow()), cancellationToken);
                return;
            }

            tsig = verified.State;
        }

        ZoneVersion current = Current;
        IReadOnlyList<ResourceRecord> answer;
        switch (question.Type)
        {
            case RecordType.SOA:
                await SendAsync(sink, tsig, [Soa(current)], query, ResponseCode.NoError, cutHalfway: false, cancellationToken);
                return;
            case RecordType.AXFR:
                answer = [.. current.EnumerateRecords(), Soa(current)];
                await SendAsync(sink, tsig, answer, query, ResponseCode.NoError, CutAxfr, cancellationToken);
                return;
            case RecordType.IXFR:
                break;
            default:
                return;
        }

        uint clientSerial = ((SoaRdata)query.Authority.Single().Data).Serial;
        switch (Ixfr)
        {
            case IxfrMode.Refused or IxfrMode.NotImp or IxfrMode.ServFail:
                ResponseCode code = Ixfr switch { IxfrMode.Refused => ResponseCode.Refused, IxfrMode.NotImp => ResponseCode.NotImp, _ => ResponseCode.ServFail };
                await SendAsync(sink, tsig, [], query, code, cutHalfway: false, cancellationToken);
                return;
            case IxfrMode.Garbage:
                await sink.SendAsync(new byte[] { 0x12, 0x34, 0x84 }, cancellationToken);
                return;
            case IxfrMode.LoneSoa:
                answer = [Soa(current)];
                break;
            case IxfrMode.WholeZone:
                answer = [.. current.EnumerateRecords(), Soa(current)];
                break;
            case IxfrMode.HistoryThatDoesNotApply:
                answer = [Soa(current), Soa(clientSerial, current), Rr("nothere 3600 IN A 192.0.2.99", Origin), Soa(current), Soa(current)];
                break;
            default:
                int start = _history.FindIndex(changes => changes.From.Serial == clientSerial);
                start.ShouldBeGreaterThanOrEqualTo(0, $"the primary has history from serial {clientSerial}");
                var records = new List<ResourceRecord> { Soa(current) };
                foreach (Changeset changes in _history.Skip(start))
                {
                    records.Add(new ResourceRecord(current.Origin, RecordClass.IN, current.SoaTtl, changes.From));
                    records.AddRange(changes.Removed);
                    records.Add(new ResourceRecord(current.Origin, RecordClass.IN, changes.SoaTtl, changes.To));
                    records.AddRange(changes.Added);
                }

                records.Add(Soa(current));
                answer = records;
                break;
        }

        await SendAsync(sink, tsig, answer, query, ResponseCode.NoError, Ixfr == IxfrMode.CutHalfway, cancellationToken);
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private static ResourceRecord Soa(ZoneVersion version) => new(version.Origin, RecordClass.IN, version.SoaTtl, version.Soa);

    private static ResourceRecord Soa(uint serial, ZoneVersion version) => new(version.Origin, RecordClass.IN, version.SoaTtl, version.Soa.WithSerial(serial));

    private static Message Response(Message query, ResponseCode code)
    {
        var response = new Message { Id = query.Id, OpCode = query.OpCode, Flags = HeaderFlags.QR | HeaderFlags.AA, ResponseCode = code };
        response.Questions.AddRange(query.Questions);
        return response;
    }

    /// <summary>Sends the answer in messages of a few records, each signed when the request was; stops halfway when told.</summary>
    private async Task SendAsync(IResponseSink sink, TsigState? tsig, IReadOnlyList<ResourceRecord> answer, Message query, ResponseCode code, bool cutHalfway, CancellationToken cancellationToken)
    {
        using TsigStreamSigner? signer = tsig is null ? null : new TsigStreamSigner(tsig);
        var chunks = answer.Chunk(RecordsPerMessage).ToList();
        if (chunks.Count == 0)
        {
            chunks.Add([]);
        }

        int send = cutHalfway ? Math.Max(1, chunks.Count / 2) : chunks.Count;
        for (int i = 0; i < send; i++)
        {
            Message message = Response(query, code);
            if (i > 0)
            {
                message.Questions.Clear();
            }

            message.Answers.AddRange(chunks[i]);
            byte[] wire = message.ToArray();
            await sink.SendAsync(signer is null ? wire : signer.Sign(wire, _time.GetUtcNow()), cancellationToken);
        }
    }
}
