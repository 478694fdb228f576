using System.Net;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Zones;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Server.Notify;

/// <summary>
/// Answers incoming NOTIFY (RFC 1996 §3.7). A NOTIFY for a zone the secondary role follows goes to its
/// <see cref="INotifyReceiver"/>, which checks the sender and schedules a refresh. For other zones, like BIND, a
/// primary acknowledges a NOTIFY for a zone it serves with NOERROR and AA (it has nothing to refresh) and answers
/// NOTAUTH for any other zone.
/// </summary>
public sealed partial class NotifyResponder(ZoneTable zones, TimeProvider time, ILogger<NotifyResponder> logger, INotifyReceiver? secondary = null)
{
    public async Task RespondAsync(Message request, TsigState? tsig, IResponseSink sink, RequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        Question? question = request.Question;
        bool served = request.Questions.Count == 1 && zones.TryGet(question!.Name, out _);
        ResponseCode responseCode = request.Questions.Count != 1 ? ResponseCode.FormErr : served ? ResponseCode.NoError : ResponseCode.NotAuth;
        if (request.Questions.Count == 1 && secondary is not null && secondary.IsSecondaryZone(question!.Name))
        {
            // RFC 1996 §3.7: the answer section may carry the primary's new SOA, a hint of its serial.
            uint? serial = request.Answers.Find(record => record.Name == question.Name && record.Data is SoaRdata)?.Data is SoaRdata soa ? soa.Serial : null;
            responseCode = await secondary.OnNotifyAsync(question.Name, context.Remote, serial, tsig?.KeyName, cancellationToken).ConfigureAwait(false);
            served = responseCode == ResponseCode.NoError;
        }

        LogNotify(question?.Name, context.Remote, tsig?.KeyName, responseCode);
        await ResponseSender.SendAsync(sink, ResponseSender.CreateResponse(request, responseCode, authoritative: served), tsig, time, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Debug, Message = "NOTIFY for {Zone} from {Remote} (key {Key}) answered {ResponseCode}")]
    private partial void LogNotify(DomainName? zone, IPEndPoint remote, DomainName? key, ResponseCode responseCode);
}
