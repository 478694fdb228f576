namespace DnsSuite.Protocol.Wire;

/// <summary>
/// Remembers where name suffixes were written in a message so later names can point at them
/// (RFC 1035 §4.1.4). An open-addressing hash table keyed by the case-insensitive hash of a
/// suffix; entries are undone in reverse order when a writer rewinds (truncation), which keeps
/// linear probing consistent. Reusable across messages: <see cref="Reset"/> clears only what was used.
/// </summary>
public sealed class CompressionTable
{
    private const int Slots = 4096;
    private const int MaxEntries = Slots * 3 / 4;

    private readonly int[] _hashes = new int[Slots];
    private readonly ushort[] _offsets = new ushort[Slots];
    private readonly bool[] _used = new bool[Slots];
    private readonly int[] _insertedSlots = new int[MaxEntries];
    private int _count;

    public void Reset()
    {
        for (int i = 0; i < _count; i++)
        {
            _used[_insertedSlots[i]] = false;
        }

        _count = 0;
    }

    /// <summary>Forgets every entry that points at or after <paramref name="position"/>.</summary>
    public void RewindTo(int position)
    {
        while (_count > 0 && _offsets[_insertedSlots[_count - 1]] >= position)
        {
            _used[_insertedSlots[--_count]] = false;
        }
    }

    internal void Add(int hash, int offset)
    {
        if (offset > 0x3FFF || _count == MaxEntries)
        {
            return;
        }

        int slot = hash & (Slots - 1);
        while (_used[slot])
        {
            slot = (slot + 1) & (Slots - 1);
        }

        _used[slot] = true;
        _hashes[slot] = hash;
        _offsets[slot] = (ushort)offset;
        _insertedSlots[_count++] = slot;
    }

    internal bool TryFind(ReadOnlySpan<byte> suffix, int hash, ReadOnlySpan<byte> written, out int offset)
    {
        int slot = hash & (Slots - 1);
        while (_used[slot])
        {
            if (_hashes[slot] == hash && NameAtEquals(written, _offsets[slot], suffix))
            {
                offset = _offsets[slot];
                return true;
            }

            slot = (slot + 1) & (Slots - 1);
        }

        offset = 0;
        return false;
    }

    /// <summary>
    /// Compares the (possibly compressed) name we wrote at <paramref name="at"/> with an uncompressed name, ignoring case.
    /// The entry may be the name being written right now, whose end is not written yet: that is no match.
    /// </summary>
    private static bool NameAtEquals(ReadOnlySpan<byte> written, int at, ReadOnlySpan<byte> name)
    {
        int i = 0;
        while (true)
        {
            if (at >= written.Length)
            {
                return false;
            }

            byte length = written[at];
            if ((length & 0xC0) == 0xC0)
            {
                at = ((length & 0x3F) << 8) | written[at + 1];
                continue;
            }

            if (length != name[i])
            {
                return false;
            }

            if (length == 0)
            {
                return true;
            }

            if (!DomainName.WireEquals(written.Slice(at + 1, length), name.Slice(i + 1, length)))
            {
                return false;
            }

            at += length + 1;
            i += length + 1;
        }
    }
}
