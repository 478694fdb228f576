using Microsoft.Win32.SafeHandles;

namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// Reads the record frames of changes.log through a read-ahead window: one read per window of frames instead of two
/// reads per frame (its header, then the whole frame). Bytes at or past the end a read is given are never kept, so a
/// frame appended later is read afresh, not from a window that held its torn beginning; the window is dropped when
/// the file handle changes. One reader per thread.
/// </summary>
internal sealed class FrameReader
{
    private const int WindowSize = 64 * 1024;

    private byte[] _window = new byte[WindowSize];
    private SafeFileHandle? _file;
    private long _windowStart;
    private int _windowLength;

    /// <summary>The frame at <paramref name="position"/> of <paramref name="file"/>, which must end by <paramref name="end"/>.</summary>
    public FrameStatus Read(SafeFileHandle file, long position, long end, out Frame frame, out string problem)
    {
        if (!ReferenceEquals(file, _file))
        {
            _file = file;
            _windowLength = 0;
        }

        frame = default;
        var status = RecordFrame.TryReadSize(Bytes(position, (int)Math.Min(end - position, RecordFrame.HeaderSize), end), out var size, out problem);
        if (status != FrameStatus.Valid)
        {
            return status;
        }

        if (end - position < size)
        {
            problem = $"the record needs {size} bytes but only {end - position} remain";
            return FrameStatus.Incomplete;
        }

        return RecordFrame.TryDecode(Bytes(position, size, end), out frame, out problem);
    }

    /// <summary>Up to <paramref name="count"/> bytes from <paramref name="position"/> (fewer where the file ends first).</summary>
    private ReadOnlySpan<byte> Bytes(long position, int count, long end)
    {
        if (position < _windowStart || position + count > _windowStart + _windowLength)
        {
            if (_window.Length < count)
            {
                _window = new byte[count];
            }
            else if (_window.Length > WindowSize && count <= WindowSize)
            {
                // A large record is read through a window of its size; the windows after it need no more than usual.
                _window = new byte[WindowSize];
            }

            _windowStart = position;
            _windowLength = RandomAccess.Read(_file!, _window.AsSpan(0, (int)Math.Min(_window.Length, end - position)), position);
        }

        var offset = (int)(position - _windowStart);
        return _window.AsSpan(offset, Math.Min(count, _windowLength - offset));
    }
}
