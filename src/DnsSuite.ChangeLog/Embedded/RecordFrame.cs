using System.Buffers.Binary;
using System.Text;

namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// The on-disk record (docs/embedded-log.md), little-endian:
/// <code>
/// 0  u8   magic 0xD5
/// 1  u8   version 1
/// 2  u32  body length
/// 6  u32  CRC-32C of bytes 0..5 followed by the body
/// 10 body: u64 offset, i64 timestamp (unix ms), u8 flags (0; others reserved), u16 key length, key (UTF-8), value (rest of the body)
/// </code>
/// A frame whose CRC holds is a record, whatever its body says; only the header, the length and the CRC make a
/// frame corrupt.
/// </summary>
internal static class RecordFrame
{
    public const byte Magic = 0xD5;
    public const byte Version = 1;
    public const int HeaderSize = 10;
    public const int FixedBodySize = 19;
    public const int MaxBodySize = 256 * 1024 * 1024;

    /// <summary>Bytes needed to learn a frame's body length and offset without reading it whole.</summary>
    public const int PeekSize = HeaderSize + 8;

    private const int CrcPosition = 6;

    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes a key, rejecting strings that UTF-8 cannot carry (lone surrogates) and over-long keys.</summary>
    public static byte[] EncodeKey(string key, string parameterName)
    {
        ArgumentException.ThrowIfNullOrEmpty(key, parameterName);
        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(key);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The key is not valid Unicode (it has a lone surrogate).", parameterName, e);
        }

        if (bytes.Length > ushort.MaxValue)
        {
            throw new ArgumentException($"The key is {bytes.Length} bytes long in UTF-8; at most {ushort.MaxValue} fit.", parameterName);
        }

        return bytes;
    }

    /// <summary>Builds a frame; throws when key and value exceed <see cref="MaxBodySize"/>.</summary>
    public static byte[] Create(long offset, long timestampMs, byte[] key, ReadOnlySpan<byte> value)
    {
        var bodyLength = FixedBodySize + key.Length + value.Length;
        if (bodyLength > MaxBodySize)
        {
            throw new ArgumentException(
                $"A record of {value.Length} value bytes and {key.Length} key bytes exceeds the embedded log's limit of {MaxBodySize} bytes.",
                nameof(value));
        }

        var frame = new byte[HeaderSize + bodyLength];
        frame[0] = Magic;
        frame[1] = Version;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(2), (uint)bodyLength);
        var body = frame.AsSpan(HeaderSize);
        body[16] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(body[17..], (ushort)key.Length);
        key.CopyTo(body[FixedBodySize..]);
        value.CopyTo(body[(FixedBodySize + key.Length)..]);
        Seal(frame, offset, timestampMs);
        return frame;
    }

    /// <summary>Sets the offset and timestamp of a frame built by <see cref="Create"/> and recomputes its CRC.</summary>
    public static void Seal(Span<byte> frame, long offset, long timestampMs)
    {
        BinaryPrimitives.WriteInt64LittleEndian(frame[HeaderSize..], offset);
        BinaryPrimitives.WriteInt64LittleEndian(frame[(HeaderSize + 8)..], timestampMs);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[CrcPosition..], Crc32C.Compute(frame[..CrcPosition], frame[HeaderSize..]));
    }

    /// <summary>Reads the header: the whole frame's size, or why these bytes cannot start a frame.</summary>
    public static FrameStatus TryReadSize(ReadOnlySpan<byte> bytes, out int frameSize, out string problem)
    {
        frameSize = 0;
        if (bytes.Length < HeaderSize)
        {
            problem = $"only {bytes.Length} of the {HeaderSize} header bytes are present";
            return bytes.Length == 0 || bytes[0] == Magic ? FrameStatus.Incomplete : FrameStatus.Invalid;
        }

        if (bytes[0] != Magic || bytes[1] != Version)
        {
            problem = $"expected magic 0x{Magic:X2} version {Version}, found 0x{bytes[0]:X2} version {bytes[1]}";
            return FrameStatus.Invalid;
        }

        var bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[2..]);
        if (bodyLength is < FixedBodySize or > MaxBodySize)
        {
            problem = $"impossible body length {bodyLength}";
            return FrameStatus.Invalid;
        }

        frameSize = HeaderSize + (int)bodyLength;
        problem = string.Empty;
        return FrameStatus.Valid;
    }

    /// <summary>Decodes and verifies the frame at the start of <paramref name="bytes"/>.</summary>
    public static FrameStatus TryDecode(ReadOnlySpan<byte> bytes, out Frame frame, out string problem)
    {
        frame = default;
        var status = TryReadSize(bytes, out var size, out problem);
        if (status != FrameStatus.Valid)
        {
            return status;
        }

        if (bytes.Length < size)
        {
            problem = $"the record needs {size} bytes but only {bytes.Length} are present";
            return FrameStatus.Incomplete;
        }

        var body = bytes[HeaderSize..size];
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(bytes[CrcPosition..]);
        var actual = Crc32C.Compute(bytes[..CrcPosition], body);
        if (expected != actual)
        {
            problem = $"CRC mismatch (stored 0x{expected:X8}, computed 0x{actual:X8})";
            return FrameStatus.Invalid;
        }

        // The CRC holds, so the writer meant these bytes as a record: whatever is wrong inside (reserved flags, an
        // empty, over-long or non-UTF-8 key) makes a message that the reader rejects with its reason, never a corrupt
        // log. An unusable key reads as empty, which matches no zone.
        var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(body[17..]);
        if (FixedBodySize + keyLength > body.Length)
        {
            keyLength = 0;
        }

        string key;
        try
        {
            key = StrictUtf8.GetString(body.Slice(FixedBodySize, keyLength));
        }
        catch (DecoderFallbackException)
        {
            key = string.Empty;
        }

        frame = new Frame(
            BinaryPrimitives.ReadInt64LittleEndian(body),
            BinaryPrimitives.ReadInt64LittleEndian(body[8..]),
            key,
            body[(FixedBodySize + keyLength)..].ToArray(),
            size);
        return FrameStatus.Valid;
    }

    /// <summary>The offset field of a frame whose first <see cref="PeekSize"/> bytes are given.</summary>
    public static long PeekOffset(ReadOnlySpan<byte> bytes) => BinaryPrimitives.ReadInt64LittleEndian(bytes[HeaderSize..]);
}
