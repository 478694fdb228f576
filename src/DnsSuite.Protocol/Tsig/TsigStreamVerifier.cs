namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// Verifies the messages of a multi-message answer to a signed request (AXFR, IXFR over TCP; RFC 8945
/// §5.3.1) as they arrive. The first message must be signed; up to 99 unsigned messages may follow a
/// signed one, their octets entering the next signed message's digest; and the last message must be
/// signed, which <see cref="Complete"/> checks. The first failure is final.
/// </summary>
public sealed class TsigStreamVerifier : IDisposable
{
    /// <summary>How many unsigned messages may follow a signed one (RFC 8945 §5.3.1).</summary>
    public const int MaxUnsignedRun = 99;

    private readonly TsigState _request;
    private readonly TsigMac _mac;
    private bool _started;
    private int _unsignedRun;
    private TsigVerifyResult? _failure;

    /// <param name="requestState">From <see cref="TsigSigner.SignRequest"/> of the transfer request.</param>
    public TsigStreamVerifier(TsigState requestState)
    {
        _mac = TsigSigner.RequireKey(requestState).CreateMac();
        _request = requestState;
    }

    /// <summary>How many messages have been accepted so far.</summary>
    public int MessageCount { get; private set; }

    /// <summary>
    /// Checks the next message. Verified for a signed message, Unsigned for an accepted unsigned one
    /// (its content is authenticated only once the next signed message verifies), Failed otherwise.
    /// </summary>
    public TsigVerifyResult Verify(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        if (_failure is not null)
        {
            return _failure;
        }

        TsigVerifyResult result = Next(message, now);
        if (result.Status == TsigStatus.Failed)
        {
            _failure = result;
            return result;
        }

        MessageCount++;
        if (result.IsVerified)
        {
            _unsignedRun = 0;
            TsigWire.AppendPriorMac(_mac, result.Record!.Mac);
        }
        else
        {
            _unsignedRun++;
        }

        return result;
    }

    /// <summary>Verified when the stream ended with a verified message; Failed otherwise.</summary>
    public TsigVerifyResult Complete()
    {
        if (_failure is not null)
        {
            return _failure;
        }

        return MessageCount == 0 || _unsignedRun > 0
            ? new TsigVerifyResult(TsigStatus.Failed, ResponseCode.BadSig, MessageCount == 0 ? "no message received" : "the last message is not signed", null, null)
            : new TsigVerifyResult(TsigStatus.Verified, ResponseCode.NoError, null, null, null);
    }

    public void Dispose() => _mac.Dispose();

    private TsigVerifyResult Next(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        if (!_started)
        {
            _started = true;
            TsigVerifyResult first = TsigSigner.VerifyFirstResponse(message, _request, _mac, now);
            return first.Status == TsigStatus.Unsigned
                ? new TsigVerifyResult(TsigStatus.Failed, ResponseCode.BadSig, "the first message is not signed", null, null)
                : first;
        }

        if (!TsigWire.TryLocate(message, out TsigRecordLocation? tsig, out string? error))
        {
            return new TsigVerifyResult(TsigStatus.Failed, ResponseCode.FormErr, error, null, null);
        }

        if (tsig is not null)
        {
            return TsigSigner.VerifyStreamMessage(message, tsig, _request, _mac, now);
        }

        if (_unsignedRun == MaxUnsignedRun)
        {
            return new TsigVerifyResult(TsigStatus.Failed, ResponseCode.BadSig, $"more than {MaxUnsignedRun} unsigned messages in a row", null, null);
        }

        _mac.Append(message);
        return new TsigVerifyResult(TsigStatus.Unsigned, ResponseCode.NoError, null, null, null);
    }
}
