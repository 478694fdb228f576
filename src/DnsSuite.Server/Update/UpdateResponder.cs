using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Zones;
using DnsSuite.Zones.Updates;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Server.Update;

/// <summary>
/// Answers dynamic updates (RFC 2136 §3): the zone section (FORMERR, NOTAUTH for a zone not served here), whether the
/// sender may update at all (<see cref="UpdatePolicy.TryAdmit"/>, REFUSED), the prescans (FORMERR, NOTZONE, unless a
/// prerequisite before the malformed record fails), the <see cref="UpdatePolicy"/>'s rules (REFUSED), then the <see cref="IUpdateProcessor"/>
/// that owns the zone's writes, whose RCODE is the answer. A server without a processor (a secondary) relays updates
/// for the zones its <see cref="IUpdateForwarder"/> forwards (§6) and refuses the rest. Answers are signed with the
/// request's key (RFC 8945 §5.3).
/// </summary>
public sealed partial class UpdateResponder(
    ZoneTable zones,
    UpdatePolicy policy,
    TimeProvider time,
    ILogger<UpdateResponder> logger,
    IUpdateProcessor? processor = null,
    IUpdateForwarder? forwarder = null,
    UpdateMetrics? metrics = null)
{
    /// <summary>
    /// Whether <paramref name="request"/> is an UPDATE to relay with <see cref="ForwardAsync"/>: checked before TSIG
    /// verification, because the signature is the primary's to verify.
    /// </summary>
    public bool IsForwarded(Message request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return forwarder is not null && request is { OpCode: OpCode.Update, Questions: [{ Type: RecordType.SOA } zone] } && forwarder.Forwards(zone.Name);
    }

    /// <summary>Relays the request octets to the zone's primary and its answer back unchanged; SERVFAIL when no primary answers.</summary>
    public async Task ForwardAsync(ReadOnlyMemory<byte> octets, Message request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        DomainName zone = request.Questions[0].Name;
        byte[]? answer = await forwarder!.ForwardAsync(zone, octets, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            LogUpdate(zone.ToString(), context.Remote, "signature left to the primary", ResponseCode.ServFail, "forwarding: no primary answered");
            metrics?.Answered(ResponseCode.ServFail);
            await ResponseSender.SendAsync(sink, ResponseSender.CreateResponse(request, ResponseCode.ServFail), null, time, cancellationToken).ConfigureAwait(false);
            return;
        }

        ResponseCode relayed = DnsHeader.TryRead(answer, out DnsHeader header) ? (ResponseCode)header.ResponseCodeLow : ResponseCode.ServFail;
        LogForwarded(zone, context.Remote, relayed);
        metrics?.Answered(relayed);
        await sink.SendAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answers an UPDATE whose TSIG record, if any, the pipeline has verified (<paramref name="tsig"/>).</summary>
    public async Task RespondAsync(Message request, TsigState? tsig, IResponseSink sink, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        DomainName? key = tsig?.KeyName;
        UpdateOutcome outcome;
        DomainName? zone = null;
        Zone? served = null;
        if (!UpdateParser.TryGetZone(request, out zone, out UpdateOutcome? failure))
        {
            outcome = failure;
        }
        else if (request.Questions[0].Class != RecordClass.IN)
        {
            // §3.1.2: every zone here is of class IN.
            outcome = new UpdateOutcome(ResponseCode.NotAuth, $"no zone {zone} of class {ResourceRecord.ClassMnemonic(request.Questions[0].Class)} here");
        }
        else if (processor is null || !zones.TryGet(zone, out served))
        {
            // §3.1.2: not a zone this server is the primary of.
            outcome = new UpdateOutcome(processor is null ? ResponseCode.Refused : ResponseCode.NotAuth, processor is null
                ? "this server does not accept updates (a secondary without forwarding for the zone)"
                : $"zone {zone} is not served here");
        }
        else if (!policy.TryAdmit(served, context.Remote.Address, key, out string? denied))
        {
            outcome = new UpdateOutcome(ResponseCode.Refused, denied);
        }
        else if (!UpdateParser.TryCheckSections(request, zone, out failure, out IReadOnlyList<ResourceRecord> evaluatedBefore))
        {
            // §3.2.5: the prerequisites are processed in order, so one before the malformed record that fails decides.
            outcome = (evaluatedBefore.Count > 0 ? processor.FirstFailedPrerequisite(served, new UpdateRequest(zone, evaluatedBefore, [], Describe(context.Remote, key))) : null) ?? failure;
        }
        else if (!policy.TryAuthorize(served, context.Remote.Address, key, request.Authority, out denied))
        {
            outcome = new UpdateOutcome(ResponseCode.Refused, denied);
        }
        else
        {
            outcome = await processor.ProcessAsync(served, UpdateParser.ToRequest(request, zone, Describe(context.Remote, key)), cancellationToken).ConfigureAwait(false);
        }

        string zoneText = zone?.ToString() ?? $"(a zone section of {request.Questions.Count} entries)";
        if (outcome.ResponseCode == ResponseCode.Refused)
        {
            LogRefused(zoneText, context.Remote, Signer(key), outcome.Detail);
        }
        else
        {
            LogUpdate(zoneText, context.Remote, Signer(key), outcome.ResponseCode, outcome.Detail);
        }

        metrics?.Answered(outcome.ResponseCode);

        await ResponseSender.SendAsync(sink, ResponseSender.CreateResponse(request, outcome.ResponseCode), tsig, time, cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(IPEndPoint remote, DomainName? key) => $"from {remote} ({Signer(key)})";

    private static string Signer(DomainName? key) => key is null ? "unsigned" : $"key {key}";

    [LoggerMessage(EventId = 260, Level = LogLevel.Information, Message = "UPDATE of {Zone} from {Remote} ({Signer}) answered {ResponseCode}: {Detail}")]
    private partial void LogUpdate(string zone, IPEndPoint remote, string signer, ResponseCode responseCode, string detail);

    [LoggerMessage(EventId = 261, Level = LogLevel.Warning, Message = "UPDATE of {Zone} from {Remote} ({Signer}) refused: {Detail}")]
    private partial void LogRefused(string zone, IPEndPoint remote, string signer, string detail);

    [LoggerMessage(EventId = 262, Level = LogLevel.Information, Message = "UPDATE of {Zone} from {Remote} forwarded; the primary answered {ResponseCode}")]
    private partial void LogForwarded(DomainName zone, IPEndPoint remote, ResponseCode responseCode);
}
