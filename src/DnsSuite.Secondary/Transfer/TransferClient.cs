using System.Net.Sockets;
using System.Security.Cryptography;
using DnsSuite.Net;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using DnsSuite.Zones;

namespace DnsSuite.Secondary.Transfer;

/// <summary>
/// The requests a secondary sends to one primary: the SOA query (UDP, TCP when truncated), and AXFR or IXFR over
/// TCP. When the primary has a key, each request is signed and every answer message must verify (RFC 8945 §5.3).
/// Every failure is a <see cref="TransferException"/> whose kind tells the refresh what to do next.
/// </summary>
internal sealed class TransferClient(DnsClient client, TimeProvider time, TimeSpan queryTimeout, TimeSpan transferTimeout)
{
    /// <summary>The primary's SOA record for <paramref name="origin"/>.</summary>
    public async Task<ResourceRecord> QuerySoaAsync(DomainName origin, PrimaryServer primary, CancellationToken cancellationToken)
    {
        Message query = Message.CreateQuery(origin, RecordType.SOA, NewId());
        (byte[] wire, TsigState? tsig) = Sign(query, primary);
        ReceivedMessage received = await RunAsync(
            primary, () => client.ExchangeAsync(primary.EndPoint, wire, DnsTransport.Udp, queryTimeout, cancellationToken)).ConfigureAwait(false);
        if (tsig is not null)
        {
            TsigVerifyResult verified = TsigSigner.VerifyResponse(received.Wire, tsig, time.GetUtcNow());
            if (!verified.IsVerified)
            {
                throw new TransferException(TransferFailureKind.Authentication, $"the SOA answer of {primary} does not verify: {verified}");
            }
        }

        Message response = received.Message;
        CheckResponseCode(response, primary, "SOA query");
        if (!response.Flags.HasFlag(HeaderFlags.AA))
        {
            throw new TransferException(TransferFailureKind.ResponseCode, $"{primary} is not authoritative for {origin} (no AA in the SOA answer)");
        }

        return response.Answers.Find(record => record.Data is SoaRdata && record.Name == origin && record.Class == RecordClass.IN)
            ?? throw new TransferException(TransferFailureKind.Malformed, $"the SOA answer of {primary} holds no SOA of {origin}");
    }

    /// <summary>AXFR when <paramref name="current"/> is null, else IXFR from its serial (RFC 1995 §3: our SOA in the authority section).</summary>
    public async Task<TransferResponse> TransferAsync(DomainName origin, ZoneVersion? current, PrimaryServer primary, CancellationToken cancellationToken)
    {
        Message request = Message.CreateQuery(origin, current is null ? RecordType.AXFR : RecordType.IXFR, NewId());
        if (current is not null)
        {
            request.Authority.Add(new ResourceRecord(origin, RecordClass.IN, current.SoaTtl, current.Soa));
        }

        string what = current is null ? "AXFR" : "IXFR";
        (byte[] wire, TsigState? tsig) = Sign(request, primary);
        using TsigStreamVerifier? verifier = tsig is null ? null : new TsigStreamVerifier(tsig);
        var reader = new TransferResponseReader(origin, current?.Serial);
        await RunAsync(primary, async () =>
        {
            await foreach (ReceivedMessage received in client.StreamTcpAsync(primary.EndPoint, wire, transferTimeout, cancellationToken).ConfigureAwait(false))
            {
                if (verifier?.Verify(received.Wire, time.GetUtcNow()) is { Status: TsigStatus.Failed } failed)
                {
                    throw new TransferException(TransferFailureKind.Authentication, $"{what} message {verifier.MessageCount + 1} from {primary} does not verify: {failed}");
                }

                CheckResponseCode(received.Message, primary, what);
                reader.ReadMessage(received.Message.Answers);
                if (reader.IsComplete)
                {
                    break;
                }
            }

            return true;
        }).ConfigureAwait(false);

        TransferResponse response = reader.GetResponse();
        if (verifier?.Complete() is { IsVerified: false } incomplete)
        {
            throw new TransferException(TransferFailureKind.Authentication, $"{what} from {primary}: {incomplete}");
        }

        return response;
    }

    private (byte[] Wire, TsigState? Tsig) Sign(Message request, PrimaryServer primary)
    {
        byte[] wire = request.ToArray();
        if (primary.Key is null)
        {
            return (wire, null);
        }

        byte[] signed = TsigSigner.SignRequest(wire, primary.Key, time.GetUtcNow(), out TsigState state);
        return (signed, state);
    }

    private static void CheckResponseCode(Message response, PrimaryServer primary, string what)
    {
        if (response.ResponseCode != ResponseCode.NoError)
        {
            throw new TransferException(TransferFailureKind.ResponseCode, $"{primary} answered the {what} with {response.ResponseCode}");
        }
    }

    /// <summary>Runs one exchange, turning network and parsing errors into <see cref="TransferException"/>.</summary>
    private static async Task<T> RunAsync<T>(PrimaryServer primary, Func<Task<T>> exchange)
    {
        try
        {
            return await exchange().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or SocketException or IOException or InvalidDataException)
        {
            TransferFailureKind kind = e is InvalidDataException ? TransferFailureKind.Malformed : TransferFailureKind.Network;
            throw new TransferException(kind, $"{primary}: {e.Message}", e);
        }
    }

    private static ushort NewId() => (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
}
