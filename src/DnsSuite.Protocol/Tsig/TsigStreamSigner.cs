using DnsSuite.Protocol.Records;

namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// Signs every message of a multi-message response (AXFR, IXFR over TCP; RFC 8945 §5.3.1): the first
/// as an ordinary response over the request MAC, each later one over the previous MAC, the message
/// and the timers. Signing every message is always allowed, and is what this signer does.
/// </summary>
public sealed class TsigStreamSigner : IDisposable
{
    private readonly TsigState _request;
    private readonly TsigMac _mac;
    private byte[]? _priorMac;

    /// <param name="requestState">From a verified request (<see cref="TsigVerifyResult.State"/>).</param>
    public TsigStreamSigner(TsigState requestState)
    {
        TsigKey key = TsigSigner.RequireKey(requestState);
        if (!requestState.ResponseIsSigned)
        {
            throw new ArgumentException($"a {requestState.Error} answer is a single unsigned message, not a stream", nameof(requestState));
        }

        _request = requestState;
        _mac = key.CreateMac();
    }

    /// <summary>Returns <paramref name="message"/>, the next message of the stream, with its TSIG record.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        TsigRdata record;
        byte[] signed;
        if (_priorMac is null)
        {
            signed = TsigSigner.SignResponse(message, _request, now, out record);
        }
        else
        {
            TsigWire.AppendPriorMac(_mac, _priorMac);
            signed = TsigSigner.Sign(message, _request.Key!, _mac, TsigWire.ToTimeSigned(now), _request.Fudge, ResponseCode.NoError, [], timersOnly: true, out record);
        }

        _priorMac = record.Mac.ToArray();
        return signed;
    }

    public void Dispose() => _mac.Dispose();
}
