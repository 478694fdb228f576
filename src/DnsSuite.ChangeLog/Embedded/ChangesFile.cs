using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// Reading changes.log: a 32-byte header, then record frames (<see cref="RecordFrame"/>) with dense offsets.
/// Header, little-endian: 8 bytes "DNSCHLOG", u32 version 1, u64 log start offset, i64 timestamp floor
/// (unix ms; records appended to this file get timestamps at least this), u32 CRC-32C of bytes 0..27.
/// </summary>
internal static class ChangesFile
{
    public const int HeaderSize = 32;
    public const uint Version = 1;

    /// <summary>The most bytes one group commit writes, so the most a crash in the middle of one can leave torn.</summary>
    public const int MaxBatchBytes = 4 * 1024 * 1024;

    private static ReadOnlySpan<byte> Magic => "DNSCHLOG"u8;

    public static byte[] CreateHeader(long logStart, long timestampFloorMs)
    {
        var header = new byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(12), logStart);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(20), timestampFloorMs);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), Crc32C.Compute(header.AsSpan(0, 28)));
        return header;
    }

    /// <summary>The log start offset and timestamp floor stored in the header.</summary>
    public static (long LogStart, long TimestampFloorMs) ReadHeader(SafeFileHandle file, string path)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        var read = RandomAccess.Read(file, header, 0);
        if (read < HeaderSize)
        {
            throw new ChangeLogCorruptException(path, read, $"the file header needs {HeaderSize} bytes, the file has {read}");
        }

        if (!header[..8].SequenceEqual(Magic) || BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) != Version)
        {
            throw new ChangeLogCorruptException(path, 0, "this is not a version 1 embedded change log (bad magic or version)");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[28..]) != Crc32C.Compute(header[..28]))
        {
            throw new ChangeLogCorruptException(path, 0, "the file header's CRC does not match");
        }

        var logStart = BinaryPrimitives.ReadInt64LittleEndian(header[12..]);
        if (logStart < 0)
        {
            throw new ChangeLogCorruptException(path, 12, $"negative log start offset {logStart}");
        }

        return (logStart, BinaryPrimitives.ReadInt64LittleEndian(header[20..]));
    }

    /// <summary>The byte position of the record with <paramref name="offset"/> (EndPosition for the next one to be written).</summary>
    public static long Locate(SafeFileHandle file, string path, LogState state, long offset)
    {
        Span<byte> peek = stackalloc byte[RecordFrame.PeekSize];
        var position = (long)HeaderSize;
        for (var current = state.LogStart; current < offset; current++)
        {
            var read = RandomAccess.Read(file, peek, position);
            if (read < peek.Length
                || RecordFrame.TryReadSize(peek, out var size, out _) != FrameStatus.Valid
                || RecordFrame.PeekOffset(peek) != current)
            {
                throw new ChangeLogCorruptException(path, position, $"expected the record with offset {current} here");
            }

            position += size;
        }

        return position;
    }

    /// <summary>
    /// Throws unless the bytes from <paramref name="position"/> to <paramref name="length"/> can be what a
    /// crash in the middle of one group commit leaves: short enough, and no valid record after them.
    /// </summary>
    public static void EnsureTornTail(SafeFileHandle file, string path, long position, long length, string problem)
    {
        var tailLength = length - position;
        if (tailLength > MaxBatchBytes + RecordFrame.HeaderSize + RecordFrame.MaxBodySize)
        {
            throw new ChangeLogCorruptException(
                path, position, $"{problem}, and the {tailLength} bytes from there are more than one interrupted write can leave");
        }

        var tail = new byte[tailLength];
        var read = RandomAccess.Read(file, tail, position);
        for (var i = 1; i < read; i++)
        {
            if (tail[i] == RecordFrame.Magic && RecordFrame.TryDecode(tail.AsSpan(i, read - i), out _, out _) == FrameStatus.Valid)
            {
                throw new ChangeLogCorruptException(
                    path, position, $"{problem}, yet a valid record follows at byte offset {position + i}, so this is not a torn last write");
            }
        }
    }
}
