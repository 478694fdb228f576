using DnsSuite.Protocol.Records;

namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// What a signed request leaves behind for its response (RFC 8945 §4.3.1): the key, the request MAC
/// that the response digest starts with, the request's time and fudge, and, on a server, the TSIG
/// error the response must carry. A client gets one from <see cref="TsigSigner.SignRequest"/>; a
/// server from <see cref="TsigSigner.VerifyRequest"/>.
/// </summary>
public sealed class TsigState
{
    private readonly byte[] _requestMac;

    internal TsigState(DomainName keyName, DomainName algorithmName, TsigKey? key, TsigRdata request, ResponseCode error)
    {
        KeyName = keyName;
        AlgorithmName = algorithmName;
        Key = key;
        _requestMac = request.Mac.ToArray();
        RequestTimeSigned = request.TimeSigned;
        Fudge = request.Fudge;
        Error = error;
    }

    /// <summary>The key name as the request spelled it.</summary>
    public DomainName KeyName { get; }

    /// <summary>The algorithm name as the request spelled it (it may be one this library does not know).</summary>
    public DomainName AlgorithmName { get; }

    /// <summary>The key, or null when the request named a key the server does not have (BADKEY).</summary>
    public TsigKey? Key { get; }

    /// <summary>The request MAC as sent, truncated if the request truncated it (RFC 8945 §5.2.2.1).</summary>
    public ReadOnlySpan<byte> RequestMac => _requestMac;

    public ulong RequestTimeSigned { get; }

    public ushort Fudge { get; }

    /// <summary>NoError, or the TSIG error (BADKEY, BADSIG, BADTIME, BADTRUNC) the response must report.</summary>
    public ResponseCode Error { get; }

    /// <summary>
    /// BADKEY and BADSIG responses carry an unsigned TSIG record (RFC 8945 §5.3.2); every other
    /// response is signed with the key.
    /// </summary>
    public bool ResponseIsSigned => Error is not (ResponseCode.BadKey or ResponseCode.BadSig);

    public override string ToString() => $"TSIG key {KeyName} ({AlgorithmName}) error {TsigRdata.ErrorMnemonic(Error)}";
}
