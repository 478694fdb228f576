using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Zones;
using DnsSuite.Zones.Journal;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Server.Transfer;

/// <summary>
/// Answers AXFR (RFC 5936) and IXFR (RFC 1995) for the zones in a <see cref="ZoneTable"/>, whoever feeds them:
/// one consistent <see cref="ZoneVersion"/> per transfer, IXFR from the zone's journal (<see cref="Zone.Journal"/>) condensed into
/// one difference, AXFR-style when the history does not reach back to the client's serial. Access is checked per
/// zone with a <see cref="TransferAccessPolicy"/>; TSIG-signed requests (verified by the pipeline) get every
/// message signed.
/// </summary>
public sealed partial class ZoneTransferResponder : IDisposable
{
    // RFC 6891 §6.2.5 leaves the size to the server; 1232 avoids IP fragmentation (DNS flag day 2020).
    private const int MaxUdpPayload = 1232;
    private const int MinUdpPayload = 512;

    private readonly ZoneTable _zones;
    private readonly TransferAccessPolicy _access;
    private readonly TimeProvider _time;
    private readonly TransferMetrics _metrics;
    private readonly ILogger<ZoneTransferResponder> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly AxfrCache _cache;

    public ZoneTransferResponder(
        ZoneTable zones,
        TransferAccessPolicy access,
        TransferOptions options,
        TimeProvider time,
        TransferMetrics metrics,
        ILogger<ZoneTransferResponder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrent, 1);
        _zones = zones;
        _access = access;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrent, options.MaxConcurrent);
        _cache = new AxfrCache(metrics, logger);
    }

    /// <summary>Answers an AXFR or IXFR request.</summary>
    /// <param name="request">The parsed request; its question type is AXFR or IXFR.</param>
    /// <param name="tsig">The verified TSIG of the request, or null when it was unsigned.</param>
    public async Task RespondAsync(Message request, TsigState? tsig, IResponseSink sink, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        long started = _time.GetTimestamp();
        Question question = request.Question ?? throw new ArgumentException("a transfer request has a question", nameof(request));
        string type = question.Type == RecordType.AXFR ? "AXFR" : "IXFR";
        IPEndPoint remote = context.Remote;
        if (request.Questions.Count != 1)
        {
            await RefuseAsync(ResponseCode.FormErr, "more than one question").ConfigureAwait(false);
            return;
        }

        // A zone of ours without data yet: SERVFAIL, before the access check, as BIND 9.18 answers.
        if (question.Class == RecordClass.IN && _zones.IsAwaitingData(question.Name))
        {
            await RefuseAsync(ResponseCode.ServFail, "the zone has no data yet").ConfigureAwait(false);
            return;
        }

        // RFC 5936 §2.2.1 (BIND, Knot): a zone this server is not authoritative for is NOTAUTH.
        if (question.Class != RecordClass.IN || !_zones.TryGet(question.Name, out Zone? zone))
        {
            await RefuseAsync(ResponseCode.NotAuth, "not authoritative for the zone").ConfigureAwait(false);
            return;
        }

        if (!_access.Allows(zone, remote.Address, tsig?.KeyName, out string? refusal))
        {
            await RefuseAsync(ResponseCode.Refused, refusal).ConfigureAwait(false);
            return;
        }

        // RFC 1035 §3.3.13: an expired secondary zone is not served, to further secondaries either.
        if (zone.IsExpired)
        {
            await RefuseAsync(ResponseCode.ServFail, "the zone has expired").ConfigureAwait(false);
            return;
        }

        // RFC 5936 §4.2: AXFR is TCP only; BIND answers AXFR over UDP with FORMERR.
        if (question.Type == RecordType.AXFR && context.Transport == DnsTransport.Udp)
        {
            await RefuseAsync(ResponseCode.FormErr, "AXFR over UDP").ConfigureAwait(false);
            return;
        }

        uint clientSerial = 0;
        if (question.Type == RecordType.IXFR)
        {
            // RFC 1995 §3: the client's SOA is in the authority section.
            ResourceRecord? soa = request.Authority.Find(record => record.Data is SoaRdata && record.Name == zone.Origin);
            if (soa is null)
            {
                await RefuseAsync(ResponseCode.FormErr, "IXFR without the client's SOA in the authority section").ConfigureAwait(false);
                return;
            }

            // The SOA describes the client's copy of this zone, so it has the zone's class (BIND answers FORMERR too).
            if (soa.Class != question.Class)
            {
                await RefuseAsync(ResponseCode.FormErr, $"the client's SOA has class {ResourceRecord.ClassMnemonic(soa.Class)}, the zone class {ResourceRecord.ClassMnemonic(question.Class)}").ConfigureAwait(false);
                return;
            }

            clientSerial = ((SoaRdata)soa.Data).Serial;
        }

        ZoneVersion version = zone.Current;
        if (context.Transport == DnsTransport.Udp)
        {
            await SendUdpIxfrAsync(request, tsig, sink, context, zone, version, clientSerial, started, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!_slots.Wait(0))
        {
            // BIND's transfers-out quota: the request is answered SERVFAIL and logged.
            await RefuseAsync(ResponseCode.ServFail, "too many concurrent transfers").ConfigureAwait(false);
            return;
        }

        try
        {
            IReadOnlyList<byte[]> messages;
            string kind;
            try
            {
                (messages, kind) = question.Type == RecordType.AXFR
                    ? (_cache.Get(zone, version).Messages, "AXFR")
                    : Ixfr(zone, version, clientSerial, question);
            }
            catch (InvalidOperationException e)
            {
                // A record no message can carry: the zone rules keep such records out, so this is a bug, answered before
                // any message of the transfer is sent.
                await RefuseAsync(ResponseCode.ServFail, e.Message).ConfigureAwait(false);
                return;
            }

            long bytes = await StreamAsync(request, tsig, sink, messages, cancellationToken).ConfigureAwait(false);
            // The slot is the transfer's until its last octet is delivered (or its connection closes), not until it is queued.
            await sink.WhenDeliveredAsync(cancellationToken).ConfigureAwait(false);
            _metrics.Served(kind, "completed", bytes, _time.GetElapsedTime(started));
            LogTransferred(kind, zone.Origin, version.Serial, remote, tsig?.KeyName, messages.Count);
        }
        finally
        {
            _slots.Release();
        }

        async Task RefuseAsync(ResponseCode responseCode, string reason)
        {
            _metrics.Refused(type, responseCode.ToString().ToUpperInvariant());
            LogRefused(type, question.Name, remote, tsig?.KeyName, responseCode, reason);
            await ResponseSender.SendAsync(sink, ResponseSender.CreateResponse(request, responseCode), tsig, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>The records of an IXFR answer (RFC 1995 §4) from <paramref name="clientSerial"/> to <paramref name="version"/>, or null when the journal does not cover it.</summary>
    internal static IReadOnlyList<ResourceRecord>? IxfrRecords(Zone zone, ZoneVersion version, uint clientSerial)
    {
        var current = new ResourceRecord(version.Origin, RecordClass.IN, version.SoaTtl, version.Soa);
        switch (new SerialNumber(clientSerial).CompareTo(new SerialNumber(version.Serial)))
        {
            case SerialComparison.Equal or SerialComparison.Greater:
                // RFC 1995 §2: a client that is up to date (or ahead) gets the current SOA alone.
                return [current];
            case SerialComparison.Less when zone.Journal.TryGetSpan(clientSerial, version.Serial, out IReadOnlyList<Changeset>? changes):
                Changeset diff = ChangesetCondenser.Condense(changes);
                var records = new List<ResourceRecord>(diff.Removed.Count + diff.Added.Count + 4) { current };
                records.Add(new ResourceRecord(version.Origin, RecordClass.IN, diff.SoaTtl, diff.From));
                records.AddRange(diff.Removed);
                records.Add(new ResourceRecord(version.Origin, RecordClass.IN, diff.SoaTtl, diff.To));
                records.AddRange(diff.Added);
                records.Add(current);
                return records;
            default:
                return null;
        }
    }

    private (IReadOnlyList<byte[]> Messages, string Kind) Ixfr(Zone zone, ZoneVersion version, uint clientSerial, Question question)
    {
        IReadOnlyList<ResourceRecord>? records = IxfrRecords(zone, version, clientSerial);
        if (records is null)
        {
            // RFC 1995 §4: without the history, the whole zone in AXFR format.
            return (_cache.Get(zone, version).Messages, "IXFR-as-AXFR");
        }

        // RFC 1995 §2: a client that is up to date gets the current SOA alone.
        return (TransferMessageEncoder.Encode(question, records), records.Count == 1 ? "SOA" : "IXFR");
    }

    /// <summary>
    /// RFC 1995 §2: over UDP the answer is sent when it fits in one datagram; otherwise the current SOA alone tells
    /// the client to retry over TCP (what BIND and Knot send too). An AXFR-style answer never fits that rule.
    /// </summary>
    private async Task SendUdpIxfrAsync(Message request, TsigState? tsig, IResponseSink sink, RequestContext context, Zone zone, ZoneVersion version, uint clientSerial, long started, CancellationToken cancellationToken)
    {
        int limit = Math.Clamp((int)(request.Edns?.UdpPayloadSize ?? MinUdpPayload), MinUdpPayload, MaxUdpPayload);
        Message response = ResponseSender.CreateResponse(request, ResponseCode.NoError, authoritative: true);
        IReadOnlyList<ResourceRecord>? records = IxfrRecords(zone, version, clientSerial);
        if (records is not null)
        {
            response.Answers.AddRange(records);
        }

        byte[]? wire = records is null ? null : ResponseSender.Encode(response, tsig, _time);
        if (wire is null || wire.Length > limit)
        {
            response.Answers.Clear();
            response.Answers.Add(new ResourceRecord(version.Origin, RecordClass.IN, version.SoaTtl, version.Soa));
            wire = ResponseSender.Encode(response, tsig, _time)!;
        }

        LogTransferred("IXFR/UDP", zone.Origin, version.Serial, context.Remote, tsig?.KeyName, 1);
        await sink.SendAsync(wire, cancellationToken).ConfigureAwait(false);
        _metrics.Served(response.Answers.Count == 1 ? "SOA" : "IXFR", "udp", wire.Length, _time.GetElapsedTime(started));
    }

    /// <summary>Sends pre-encoded messages with the request's ID, RD bit and question spelling, each signed when the request was; returns the octets sent.</summary>
    private async Task<long> StreamAsync(Message request, TsigState? tsig, IResponseSink sink, IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
    {
        using TsigStreamSigner? signer = tsig is null ? null : new TsigStreamSigner(tsig);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        long sent = 0;
        try
        {
            for (int i = 0; i < messages.Count; i++)
            {
                byte[] message = messages[i];
                message.CopyTo(buffer, 0);
                Span<byte> span = buffer.AsSpan(0, message.Length);
                BinaryPrimitives.WriteUInt16BigEndian(span, request.Id);
                if (request.Flags.HasFlag(HeaderFlags.RD))
                {
                    span[2] |= (byte)((ushort)HeaderFlags.RD >> 8);
                }

                if (i == 0)
                {
                    WriteQuestion(span[TransferMessageEncoder.QuestionOffset..], request.Question!);
                }

                ReadOnlyMemory<byte> wire = signer is null ? buffer.AsMemory(0, message.Length) : signer.Sign(span, _time.GetUtcNow());
                await sink.SendAsync(wire, cancellationToken).ConfigureAwait(false);
                sent += wire.Length;
            }

            return sent;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The stored question has the zone's spelling and the same length; the response echoes the request's (RFC 5936 §2.2.1).</summary>
    private static void WriteQuestion(Span<byte> destination, Question question)
    {
        ReadOnlySpan<byte> name = question.Name.Wire;
        name.CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[name.Length..], (ushort)question.Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(name.Length + 2)..], (ushort)question.Class);
    }

    [LoggerMessage(EventId = 250, Level = LogLevel.Warning, Message = "{Type} of {Zone} for {Remote} (key {Key}) refused with {ResponseCode}: {Reason}")]
    private partial void LogRefused(string type, DomainName zone, IPEndPoint remote, DomainName? key, ResponseCode responseCode, string reason);

    [LoggerMessage(EventId = 251, Level = LogLevel.Information, Message = "{Type} of {Zone} serial {Serial} to {Remote} (key {Key}): {Messages} messages")]
    private partial void LogTransferred(string type, DomainName zone, uint serial, IPEndPoint remote, DomainName? key, int messages);
}
