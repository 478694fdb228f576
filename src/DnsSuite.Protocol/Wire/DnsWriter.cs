using System.Buffers.Binary;

namespace DnsSuite.Protocol.Wire;

/// <summary>
/// Writes a DNS message into a caller-owned buffer. When the buffer is full the writer stops,
/// sets <see cref="Overflow"/> and ignores further writes, so a caller can write a whole record,
/// check, and <see cref="Rewind"/> to the last complete record (how a response is truncated).
/// With a <see cref="CompressionTable"/>, names are compressed (RFC 1035 §4.1.4).
/// </summary>
public ref struct DnsWriter
{
    private readonly Span<byte> _buffer;
    private readonly CompressionTable? _compression;
    private int _position;

    public DnsWriter(Span<byte> buffer, CompressionTable? compression = null)
    {
        _buffer = buffer;
        _compression = compression;
        _compression?.Reset();
        _position = 0;
        Overflow = false;
    }

    public readonly int Position => _position;

    public bool Overflow { get; private set; }

    public readonly int Capacity => _buffer.Length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    /// <summary>Goes back to <paramref name="position"/>, dropping what was written after it and clearing <see cref="Overflow"/>.</summary>
    public void Rewind(int position)
    {
        _position = position;
        _compression?.RewindTo(position);
        Overflow = false;
    }

    private bool Ensure(int count)
    {
        if (Overflow)
        {
            return false;
        }

        if (_position + count > _buffer.Length)
        {
            Overflow = true;
            return false;
        }

        return true;
    }

    public void WriteByte(byte value)
    {
        if (Ensure(1))
        {
            _buffer[_position++] = value;
        }
    }

    public void WriteUInt16(ushort value)
    {
        if (Ensure(2))
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], value);
            _position += 2;
        }
    }

    public void WriteUInt32(uint value)
    {
        if (Ensure(4))
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[_position..], value);
            _position += 4;
        }
    }

    public void WriteUInt48(ulong value)
    {
        if (Ensure(6))
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[_position..], (ushort)(value >> 32));
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[(_position + 2)..], (uint)value);
            _position += 6;
        }
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        if (Ensure(bytes.Length))
        {
            bytes.CopyTo(_buffer[_position..]);
            _position += bytes.Length;
        }
    }

    /// <summary>Writes a &lt;character-string&gt;: a length octet then at most 255 octets.</summary>
    public void WriteCharacterString(scoped ReadOnlySpan<byte> value)
    {
        if (value.Length > 255)
        {
            throw new ArgumentException("a character-string holds at most 255 octets", nameof(value));
        }

        WriteByte((byte)value.Length);
        WriteBytes(value);
    }

    /// <summary>Reserves a 16-bit length field; pass the returned slot to <see cref="EndLength"/>.</summary>
    public int BeginLength()
    {
        int slot = _position;
        WriteUInt16(0);
        return slot;
    }

    /// <summary>Fills a reserved length field with the number of octets written since it.</summary>
    public void EndLength(int slot)
    {
        if (!Overflow)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[slot..], (ushort)(_position - slot - 2));
        }
    }

    public void PatchUInt16(int offset, ushort value)
    {
        if (offset + 2 <= _position)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_buffer[offset..], value);
        }
    }

    public void WriteName(DomainName name, bool compress = true) => WriteName(name.Wire, compress);

    /// <summary>
    /// Writes an uncompressed wire name, replacing its longest suffix already in the message by a
    /// pointer when <paramref name="compress"/> is set and a table was given. Names written
    /// uncompressed are still remembered as pointer targets.
    /// </summary>
    public void WriteName(scoped ReadOnlySpan<byte> wire, bool compress = true)
    {
        if (_compression is null)
        {
            WriteBytes(wire);
            return;
        }

        int labelStart = 0;
        while (wire[labelStart] != 0)
        {
            ReadOnlySpan<byte> suffix = wire[labelStart..];
            int hash = DomainName.ComputeHash(suffix);
            if (compress && _compression.TryFind(suffix, hash, Written, out int target))
            {
                WriteUInt16((ushort)(0xC000 | target));
                return;
            }

            int labelLength = wire[labelStart];
            if (!Ensure(labelLength + 1))
            {
                return;
            }

            _compression.Add(hash, _position);
            wire.Slice(labelStart, labelLength + 1).CopyTo(_buffer[_position..]);
            _position += labelLength + 1;
            labelStart += labelLength + 1;
        }

        WriteByte(0);
    }
}
