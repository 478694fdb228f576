using DnsSuite.Protocol.Records;

namespace DnsSuite.Protocol.Tsig;

/// <summary>The outcome of checking a message's TSIG record, and what a server needs to answer.</summary>
public sealed class TsigVerifyResult
{
    internal TsigVerifyResult(TsigStatus status, ResponseCode error, string? reason, TsigRecordLocation? location, TsigState? state)
    {
        Status = status;
        Error = error;
        Reason = reason;
        KeyName = location?.KeyName;
        Record = location?.Record;
        TsigOffset = location?.Offset ?? -1;
        State = state;
    }

    public TsigStatus Status { get; }

    public bool IsVerified => Status == TsigStatus.Verified;

    /// <summary>
    /// NoError, or why verification failed: FormErr (malformed or misplaced TSIG, MAC size rules),
    /// BadKey, BadSig, BadTime, BadTrunc; for a response, also the error the peer sent in an unsigned
    /// TSIG record (RFC 8945 §5.3.2).
    /// </summary>
    public ResponseCode Error { get; }

    /// <summary>A sentence for the log (never any key material), or null when verified or unsigned.</summary>
    public string? Reason { get; }

    /// <summary>The key name the TSIG record names, or null when there was no (readable) record.</summary>
    public DomainName? KeyName { get; }

    /// <summary>The TSIG record received; its <see cref="TsigRdata.Error"/> is the error the peer reports.</summary>
    public TsigRdata? Record { get; }

    /// <summary>Where the TSIG record starts in the message, or -1: the message proper ends there.</summary>
    public int TsigOffset { get; }

    /// <summary>
    /// For a server: what <see cref="TsigSigner.SignResponse"/> needs, present when the response must
    /// carry a TSIG record (verified, BADKEY, BADSIG, BADTIME, BADTRUNC), null when unsigned or FORMERR.
    /// </summary>
    public TsigState? State { get; }

    /// <summary>
    /// The RCODE a server puts in the response header (RFC 8945 §5.2): NoError when verified or unsigned,
    /// FormErr for a malformed TSIG, NotAuth for the TSIG errors.
    /// </summary>
    public ResponseCode ResponseCode => Error switch
    {
        ResponseCode.NoError => ResponseCode.NoError,
        ResponseCode.FormErr => ResponseCode.FormErr,
        _ => ResponseCode.NotAuth,
    };

    public override string ToString() => Reason is null ? $"{Status}" : $"{Status} {TsigRdata.ErrorMnemonic(Error)}: {Reason}";
}
