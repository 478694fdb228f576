using System.Buffers.Binary;
using System.Security.Cryptography;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// TSIG (RFC 8945) over the exact octets sent and received: a client signs its request and verifies
/// the answer; a server verifies a request and signs its answer. Zone transfers use
/// <see cref="TsigStreamSigner"/> and <see cref="TsigStreamVerifier"/>.
/// </summary>
public static class TsigSigner
{
    /// <summary>The fudge BIND and Knot use: 300 seconds.</summary>
    public const ushort DefaultFudge = 300;

    /// <summary>
    /// Returns <paramref name="message"/> with a TSIG record appended and ARCOUNT incremented; the MAC
    /// covers the message and the TSIG variables (RFC 8945 §4.3.3). <paramref name="state"/> is what
    /// <see cref="VerifyResponse"/> needs.
    /// </summary>
    public static byte[] SignRequest(ReadOnlySpan<byte> message, TsigKey key, DateTimeOffset now, out TsigState state, ushort fudge = DefaultFudge)
    {
        ArgumentNullException.ThrowIfNull(key);
        using TsigMac mac = key.CreateMac();
        byte[] signed = Sign(message, key, mac, TsigWire.ToTimeSigned(now), fudge, ResponseCode.NoError, [], timersOnly: false, out TsigRdata record);
        state = new TsigState(key.Name, key.Algorithm.Name, key, record, ResponseCode.NoError);
        return signed;
    }

    /// <summary>
    /// Checks a request in the order of RFC 8945 §5.2: a malformed or misplaced TSIG or a MAC size
    /// below §5.2.2.1's floor is FORMERR; then key and algorithm (BADKEY), MAC (BADSIG), time
    /// (BADTIME) and a truncation shorter than <paramref name="minimumMacSize"/> (BADTRUNC).
    /// </summary>
    /// <param name="minimumMacSize">The local truncation policy: the shortest MAC accepted (capped at the full MAC length).</param>
    public static TsigVerifyResult VerifyRequest(ReadOnlySpan<byte> message, TsigKeyRing keys, DateTimeOffset now, int minimumMacSize = 0)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!TsigWire.TryLocate(message, out TsigRecordLocation? tsig, out string? error))
        {
            return new TsigVerifyResult(TsigStatus.Failed, ResponseCode.FormErr, error, null, null);
        }

        if (tsig is null)
        {
            return new TsigVerifyResult(TsigStatus.Unsigned, ResponseCode.NoError, null, null, null);
        }

        TsigRdata record = tsig.Record;
        if (!keys.TryGet(tsig.KeyName, out TsigKey? key))
        {
            return Failed(ResponseCode.BadKey, $"unknown key {tsig.KeyName}", tsig, null);
        }

        if (!TsigAlgorithm.TryFromName(record.Algorithm, out TsigAlgorithm? algorithm) || algorithm != key.Algorithm)
        {
            return Failed(ResponseCode.BadKey, $"key {key.Name} is {key.Algorithm.ShortName}, the request uses {record.Algorithm}", tsig, null);
        }

        using TsigMac mac = key.CreateMac();
        (ResponseCode check, string? reason) = Check(message, tsig, key, mac, timersOnly: false, now, minimumMacSize);
        return check switch
        {
            ResponseCode.NoError => new TsigVerifyResult(TsigStatus.Verified, check, null, tsig, new TsigState(tsig.KeyName, record.Algorithm, key, record, check)),
            ResponseCode.FormErr => new TsigVerifyResult(TsigStatus.Failed, check, reason, tsig, null),
            _ => Failed(check, reason!, tsig, key),
        };
    }

    /// <summary>
    /// Returns <paramref name="response"/> with the TSIG record the request state calls for: signed
    /// over the request MAC, the response and the TSIG variables (RFC 8945 §4.3.1); for BADTIME with
    /// the client's time signed and the server's time in Other Data (§5.2.3); for BADKEY and BADSIG
    /// unsigned, with an empty MAC (§5.3.2).
    /// </summary>
    public static byte[] SignResponse(ReadOnlySpan<byte> response, TsigState requestState, DateTimeOffset now) =>
        SignResponse(response, requestState, now, out _);

    /// <summary>
    /// Checks the answer to a request signed with <see cref="SignRequest"/>: the same key and
    /// algorithm, the MAC over the request MAC, the response and the TSIG variables, and the time.
    /// A BADKEY or BADSIG the server sent unsigned (RFC 8945 §5.3.2) fails with that error; a signed
    /// error such as BADTIME verifies, and <see cref="TsigVerifyResult.Record"/> carries it.
    /// </summary>
    public static TsigVerifyResult VerifyResponse(ReadOnlySpan<byte> response, TsigState requestState, DateTimeOffset now)
    {
        using TsigMac mac = RequireKey(requestState).CreateMac();
        return VerifyFirstResponse(response, requestState, mac, now);
    }

    internal static byte[] SignResponse(ReadOnlySpan<byte> response, TsigState requestState, DateTimeOffset now, out TsigRdata record)
    {
        ArgumentNullException.ThrowIfNull(requestState);
        RequireHeader(response);
        ulong time = TsigWire.ToTimeSigned(now);
        if (!requestState.ResponseIsSigned)
        {
            record = new TsigRdata(requestState.AlgorithmName, time, requestState.Fudge, [], OriginalId(response), requestState.Error, []);
            return TsigWire.AppendRecord(response, requestState.KeyName, record);
        }

        TsigKey key = RequireKey(requestState);
        using TsigMac mac = key.CreateMac();
        TsigWire.AppendPriorMac(mac, requestState.RequestMac);
        bool badTime = requestState.Error == ResponseCode.BadTime;
        return Sign(
            response,
            key,
            mac,
            badTime ? requestState.RequestTimeSigned : time,
            requestState.Fudge,
            requestState.Error,
            badTime ? TsigWire.EncodeTime(time) : [],
            timersOnly: false,
            out record);
    }

    /// <summary>The first (or only) response to a signed request; <paramref name="mac"/> is left keyed for a stream's next message.</summary>
    internal static TsigVerifyResult VerifyFirstResponse(ReadOnlySpan<byte> response, TsigState requestState, TsigMac mac, DateTimeOffset now)
    {
        TsigKey key = RequireKey(requestState);
        if (!TsigWire.TryLocate(response, out TsigRecordLocation? tsig, out string? error))
        {
            return new TsigVerifyResult(TsigStatus.Failed, ResponseCode.FormErr, error, null, null);
        }

        if (tsig is null)
        {
            return new TsigVerifyResult(TsigStatus.Unsigned, ResponseCode.NoError, null, null, null);
        }

        TsigRdata record = tsig.Record;
        if (!tsig.KeyName.Equals(requestState.KeyName) || !record.Algorithm.Equals(requestState.AlgorithmName))
        {
            return new TsigVerifyResult(TsigStatus.Failed, ResponseCode.BadKey, $"the response is signed with key {tsig.KeyName} ({record.Algorithm}), the request with {requestState.KeyName} ({requestState.AlgorithmName})", tsig, null);
        }

        if (record.Mac.Length == 0 && record.Error != ResponseCode.NoError)
        {
            return new TsigVerifyResult(TsigStatus.Failed, record.Error, $"the server answered {TsigRdata.ErrorMnemonic(record.Error)} without a MAC", tsig, null);
        }

        TsigWire.AppendPriorMac(mac, requestState.RequestMac);
        return ToResult(Check(response, tsig, key, mac, timersOnly: false, now, 0), tsig);
    }

    /// <summary>A later message of a stream: digest is prior MAC, messages since, and timers (RFC 8945 §5.3.1).</summary>
    internal static TsigVerifyResult VerifyStreamMessage(ReadOnlySpan<byte> message, TsigRecordLocation tsig, TsigState requestState, TsigMac mac, DateTimeOffset now)
    {
        if (!tsig.KeyName.Equals(requestState.KeyName) || !tsig.Record.Algorithm.Equals(requestState.AlgorithmName))
        {
            return new TsigVerifyResult(TsigStatus.Failed, ResponseCode.BadKey, $"message signed with key {tsig.KeyName} ({tsig.Record.Algorithm}), the stream with {requestState.KeyName}", tsig, null);
        }

        return ToResult(Check(message, tsig, RequireKey(requestState), mac, timersOnly: true, now, 0), tsig);
    }

    /// <summary>
    /// Signs <paramref name="message"/> with <paramref name="mac"/> (already fed any prior MAC and
    /// earlier messages): the message, then the TSIG variables or, within a stream, the timers only.
    /// </summary>
    internal static byte[] Sign(
        ReadOnlySpan<byte> message, TsigKey key, TsigMac mac, ulong time, ushort fudge, ResponseCode error, byte[] otherData, bool timersOnly, out TsigRdata record)
    {
        RequireHeader(message);
        ushort id = OriginalId(message);
        TsigWire.AppendMessage(mac, message, message.Length, id, tsigRemoved: false);
        var variables = new TsigRdata(key.Algorithm.Name, time, fudge, [], id, error, otherData);
        if (timersOnly)
        {
            TsigWire.AppendTimers(mac, variables);
        }
        else
        {
            TsigWire.AppendVariables(mac, key.Name, variables);
        }

        record = new TsigRdata(key.Algorithm.Name, time, fudge, mac.Finish(), id, error, otherData);
        return TsigWire.AppendRecord(message, key.Name, record);
    }

    internal static TsigKey RequireKey(TsigState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Key ?? throw new ArgumentException($"no key to sign or verify with: {state}", nameof(state));
    }

    private static (ResponseCode Error, string? Reason) Check(
        ReadOnlySpan<byte> message, TsigRecordLocation tsig, TsigKey key, TsigMac mac, bool timersOnly, DateTimeOffset now, int minimumMacSize)
    {
        TsigRdata record = tsig.Record;
        TsigAlgorithm algorithm = key.Algorithm;
        int size = record.Mac.Length;

        // RFC 8945 §5.2.2.1, rules 1 and 3.
        if (size > algorithm.HashSize)
        {
            return (ResponseCode.FormErr, $"MAC of {size} octets is longer than the {algorithm.HashSize} of {algorithm.ShortName}");
        }

        if (size < algorithm.MinimumMacSize)
        {
            return (ResponseCode.FormErr, $"MAC of {size} octets is shorter than the {algorithm.MinimumMacSize} octets allowed for {algorithm.ShortName}");
        }

        TsigWire.AppendMessage(mac, message, tsig.Offset, record.OriginalId, tsigRemoved: true);
        if (timersOnly)
        {
            TsigWire.AppendTimers(mac, record);
        }
        else
        {
            TsigWire.AppendVariables(mac, tsig.KeyName, record);
        }

        byte[] expected = mac.Finish();
        if (!CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, size), record.Mac))
        {
            return (ResponseCode.BadSig, $"MAC does not match for key {key.Name}");
        }

        ulong time = TsigWire.ToTimeSigned(now);
        if (!TsigWire.IsTimeValid(record, time))
        {
            return (ResponseCode.BadTime, $"time signed {record.TimeSigned} is more than {record.Fudge} s away from local time {time}");
        }

        if (size < Math.Min(minimumMacSize, algorithm.HashSize))
        {
            return (ResponseCode.BadTrunc, $"MAC truncated to {size} octets, local policy requires {Math.Min(minimumMacSize, algorithm.HashSize)}");
        }

        return (ResponseCode.NoError, null);
    }

    private static TsigVerifyResult Failed(ResponseCode error, string reason, TsigRecordLocation tsig, TsigKey? key) =>
        new(TsigStatus.Failed, error, reason, tsig, new TsigState(tsig.KeyName, tsig.Record.Algorithm, key, tsig.Record, error));

    private static TsigVerifyResult ToResult((ResponseCode Error, string? Reason) check, TsigRecordLocation tsig) =>
        new(check.Error == ResponseCode.NoError ? TsigStatus.Verified : TsigStatus.Failed, check.Error, check.Reason, tsig, null);

    private static ushort OriginalId(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt16BigEndian(message);

    private static void RequireHeader(ReadOnlySpan<byte> message)
    {
        if (message.Length < DnsHeader.Size)
        {
            throw new ArgumentException("a DNS message is at least 12 octets", nameof(message));
        }
    }
}
