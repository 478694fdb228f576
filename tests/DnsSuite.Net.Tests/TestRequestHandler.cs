using System.Net;
using System.Text;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Net.Tests;

/// <summary>
/// Answers by the first label of the question: "slow" waits for <see cref="ReleaseSlow"/> on the slow path,
/// "stream" sends three messages, "throw" throws on the fast path, "throwasync" on the slow path, "truncated" sets TC
/// over UDP; anything else is echoed with one A record.
/// </summary>
internal sealed class TestRequestHandler : IDnsRequestHandler
{
    private readonly TaskCompletionSource _slowGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _slowRequestsStarted;

    public int SlowRequestsStarted => Volatile.Read(ref _slowRequestsStarted);

    public void ReleaseSlow() => _slowGate.TrySetResult();

    public int TryHandle(ReadOnlySpan<byte> request, Span<byte> response, in RequestContext context)
    {
        if (!Message.TryParse(request, out Message? query, out _) || query.Question is not { } question)
        {
            return 0;
        }

        switch (FirstLabel(question.Name))
        {
            case "slow" or "stream" or "throwasync":
                return -1;
            case "throw":
                throw new InvalidOperationException("handler failure requested by the test");
            default:
                Message answer = Answer(query, 1);
                if (FirstLabel(question.Name) == "truncated" && context.Transport == DnsTransport.Udp)
                {
                    answer.Flags |= HeaderFlags.TC;
                    answer.Answers.Clear();
                }

                return answer.WriteTo(response);
        }
    }

    public async Task HandleAsync(ReadOnlyMemory<byte> request, IResponseSink sink, RequestContext context, CancellationToken cancellationToken)
    {
        Message.TryParse(request.Span, out Message? query, out _).ShouldBeTrue();
        switch (FirstLabel(query!.Question!.Name))
        {
            case "slow":
                Interlocked.Increment(ref _slowRequestsStarted);
                await _slowGate.Task.WaitAsync(cancellationToken);
                await sink.SendAsync(Answer(query, 1).ToArray(), cancellationToken);
                break;
            case "stream":
                for (int i = 1; i <= 3; i++)
                {
                    Message part = Answer(query, i);
                    if (i > 1)
                    {
                        part.Questions.Clear();
                    }

                    await sink.SendAsync(part.ToArray(), cancellationToken);
                }

                break;
            default:
                throw new InvalidOperationException("slow-path failure requested by the test");
        }
    }

    public static IPAddress AnswerAddress(int sequence) => IPAddress.Parse($"192.0.2.{sequence}");

    private static Message Answer(Message query, int sequence)
    {
        var answer = new Message { Id = query.Id, Flags = HeaderFlags.QR | HeaderFlags.AA, OpCode = query.OpCode };
        answer.Questions.AddRange(query.Questions);
        answer.Answers.Add(new ResourceRecord(query.Question!.Name, RecordClass.IN, 300, Rdata.Parse(RecordType.A, AnswerAddress(sequence).ToString())));
        return answer;
    }

    private static string FirstLabel(DomainName name) => Encoding.ASCII.GetString(name.FirstLabel);
}
