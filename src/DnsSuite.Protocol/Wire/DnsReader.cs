using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Protocol.Wire;

/// <summary>
/// A bounds-checked reader over a DNS message. Every read is a <c>Try</c> that fails with
/// <see cref="Error"/> set instead of throwing, so malformed input from the network cannot escape
/// as an exception. A reader can be narrowed to a window (an RDATA of RDLENGTH octets) while name
/// pointers still resolve against the whole message.
/// </summary>
public ref struct DnsReader
{
    /// <summary>RFC 1035 §4.1.4 pointers; a name has at most 127 labels, so more jumps than that is a loop.</summary>
    private const int MaxPointerJumps = 127;

    private readonly ReadOnlySpan<byte> _message;
    private readonly int _end;
    private int _position;

    public DnsReader(ReadOnlySpan<byte> message)
        : this(message, 0, message.Length)
    {
    }

    private DnsReader(ReadOnlySpan<byte> message, int position, int end)
    {
        _message = message;
        _position = position;
        _end = end;
        Error = null;
    }

    /// <summary>Why the last failed read failed.</summary>
    public string? Error { get; private set; }

    public readonly int Position => _position;

    public readonly int Remaining => _end - _position;

    public readonly ReadOnlySpan<byte> Message => _message;

    public bool TryReadByte(out byte value)
    {
        if (_position + 1 > _end)
        {
            value = 0;
            return Fail("truncated: expected 1 octet");
        }

        value = _message[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (_position + 2 > _end)
        {
            value = 0;
            return Fail("truncated: expected a 16-bit field");
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_message[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (_position + 4 > _end)
        {
            value = 0;
            return Fail("truncated: expected a 32-bit field");
        }

        value = BinaryPrimitives.ReadUInt32BigEndian(_message[_position..]);
        _position += 4;
        return true;
    }

    /// <summary>Reads a 48-bit unsigned integer (TSIG time signed, RFC 8945 §4.2).</summary>
    public bool TryReadUInt48(out ulong value)
    {
        if (_position + 6 > _end)
        {
            value = 0;
            return Fail("truncated: expected a 48-bit field");
        }

        value = ((ulong)BinaryPrimitives.ReadUInt16BigEndian(_message[_position..]) << 32)
            | BinaryPrimitives.ReadUInt32BigEndian(_message[(_position + 2)..]);
        _position += 6;
        return true;
    }

    public bool TryReadBytes(int count, out ReadOnlySpan<byte> bytes)
    {
        if (count < 0 || count > Remaining)
        {
            bytes = default;
            return Fail($"truncated: expected {count} octets, {Remaining} left");
        }

        bytes = _message.Slice(_position, count);
        _position += count;
        return true;
    }

    /// <summary>Reads everything up to the end of the current window.</summary>
    public ReadOnlySpan<byte> ReadRemaining()
    {
        ReadOnlySpan<byte> rest = _message[_position.._end];
        _position = _end;
        return rest;
    }

    /// <summary>Reads a &lt;character-string&gt; (RFC 1035 §3.3): a length octet and that many octets.</summary>
    public bool TryReadCharacterString(out ReadOnlySpan<byte> value)
    {
        value = default;
        int start = _position;
        if (TryReadByte(out byte length) && TryReadBytes(length, out value))
        {
            return true;
        }

        _position = start;
        return false;
    }

    /// <summary>
    /// Narrows to the next <paramref name="length"/> octets (an RDATA) and advances this reader past
    /// them. Name pointers inside the window may still point anywhere earlier in the message.
    /// </summary>
    public bool TrySlice(int length, out DnsReader window)
    {
        if (length < 0 || length > Remaining)
        {
            window = default;
            return Fail($"truncated: a {length}-octet field runs past the end");
        }

        window = new DnsReader(_message, _position, _position + length);
        _position += length;
        return true;
    }

    /// <summary>Reads a possibly compressed name and allocates it.</summary>
    public bool TryReadName([NotNullWhen(true)] out DomainName? name)
    {
        Span<byte> buffer = stackalloc byte[DomainName.MaxWireLength];
        if (!TryReadName(buffer, out int length, out int labels))
        {
            name = null;
            return false;
        }

        name = DomainName.FromTrustedWire(buffer[..length].ToArray(), labels);
        return true;
    }

    /// <summary>
    /// Reads a possibly compressed name (RFC 1035 §4.1.4) into <paramref name="destination"/> as
    /// uncompressed wire octets, without allocating. Pointers must point strictly backwards, so
    /// loops and forward references are rejected; the 255-octet limit applies to the expanded name.
    /// </summary>
    public bool TryReadName(scoped Span<byte> destination, out int length, out int labelCount)
    {
        length = 0;
        labelCount = 0;
        int cursor = _position;
        int limit = _end;
        int resumeAt = -1;
        int jumps = 0;

        while (true)
        {
            if (cursor >= limit)
            {
                return Fail("truncated name");
            }

            byte lengthOctet = _message[cursor];
            switch (lengthOctet & 0xC0)
            {
                case 0x00:
                    if (lengthOctet == 0)
                    {
                        if (length + 1 > DomainName.MaxWireLength || length + 1 > destination.Length)
                        {
                            return Fail("name is longer than 255 octets");
                        }

                        destination[length++] = 0;
                        _position = resumeAt >= 0 ? resumeAt : cursor + 1;
                        return true;
                    }

                    if (cursor + 1 + lengthOctet > limit)
                    {
                        return Fail("truncated label");
                    }

                    if (length + 1 + lengthOctet + 1 > DomainName.MaxWireLength || length + 1 + lengthOctet > destination.Length)
                    {
                        return Fail("name is longer than 255 octets");
                    }

                    _message.Slice(cursor, lengthOctet + 1).CopyTo(destination[length..]);
                    length += lengthOctet + 1;
                    labelCount++;
                    cursor += lengthOctet + 1;
                    break;

                case 0xC0:
                    if (cursor + 2 > limit)
                    {
                        return Fail("truncated compression pointer");
                    }

                    int target = ((lengthOctet & 0x3F) << 8) | _message[cursor + 1];
                    if (target >= cursor)
                    {
                        return Fail("compression pointer does not point backwards");
                    }

                    if (++jumps > MaxPointerJumps)
                    {
                        return Fail("too many compression pointers");
                    }

                    if (resumeAt < 0)
                    {
                        resumeAt = cursor + 2;
                    }

                    cursor = target;
                    // After the first jump the name may continue anywhere earlier in the message.
                    limit = _message.Length;
                    break;

                default:
                    return Fail("unsupported label type (RFC 6891 §5 deprecates extended labels)");
            }
        }
    }

    public bool TrySkipName()
    {
        Span<byte> scratch = stackalloc byte[DomainName.MaxWireLength];
        return TryReadName(scratch, out _, out _);
    }

    public bool Fail(string error)
    {
        Error = error;
        return false;
    }
}
