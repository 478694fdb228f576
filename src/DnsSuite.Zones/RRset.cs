using System.Collections;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones;

/// <summary>
/// The records of one owner and type (RFC 2181 §5) with the one TTL they share (RFC 2181 §5.2).
/// Immutable; the records are distinct and in canonical order (RFC 4034 §6.3). The set is its own
/// <see cref="Records"/> list, so a one-record RRset costs no array.
/// </summary>
public sealed class RRset : IReadOnlyList<Rdata>
{
    // A single Rdata, or an Rdata[] of two or more in canonical order.
    private readonly object _data;

    private RRset(RecordType type, uint ttl, object data)
    {
        Type = type;
        Ttl = ttl;
        _data = data;
    }

    public RecordType Type { get; }

    public uint Ttl { get; }

    public IReadOnlyList<Rdata> Records => this;

    public int Count => _data is Rdata[] many ? many.Length : 1;

    public Rdata this[int index] => _data switch
    {
        Rdata[] many => many[index],
        _ when index == 0 => (Rdata)_data,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>An RRset of one record.</summary>
    public static RRset Create(uint ttl, Rdata record) => new(record.Type, ttl, record);

    /// <summary>An RRset of <paramref name="records"/>, all of one type; duplicates collapse.</summary>
    public static RRset Create(uint ttl, IEnumerable<Rdata> records)
    {
        if (records is IReadOnlyList<Rdata> { Count: 1 } one)
        {
            return new RRset(one[0].Type, ttl, one[0]);
        }

        Rdata[] sorted = [.. records.Distinct()];
        if (sorted.Length == 0)
        {
            throw new ArgumentException("an RRset has at least one record", nameof(records));
        }

        RecordType type = sorted[0].Type;
        if (sorted.Any(r => r.Type != type))
        {
            throw new ArgumentException("the records of an RRset have one type", nameof(records));
        }

        if (sorted.Length == 1)
        {
            return new RRset(type, ttl, sorted[0]);
        }

        Array.Sort(sorted, Rdata.CanonicalComparer);
        return new RRset(type, ttl, sorted);
    }

    public bool Contains(Rdata record) => IndexOf(record) >= 0;

    /// <summary>This set plus <paramref name="record"/>; this same instance when the record is already present.</summary>
    public RRset WithRecord(Rdata record)
    {
        if (record.Type != Type)
        {
            throw new ArgumentException($"a {ResourceRecord.TypeMnemonic(record.Type)} record does not belong in a {ResourceRecord.TypeMnemonic(Type)} RRset", nameof(record));
        }

        int index = IndexOf(record);
        if (index >= 0)
        {
            return this;
        }

        index = ~index;
        var next = new Rdata[Count + 1];
        for (int i = 0, j = 0; i < next.Length; i++)
        {
            next[i] = i == index ? record : this[j++];
        }

        return new RRset(Type, Ttl, next);
    }

    /// <summary>This set without <paramref name="record"/>: this same instance when absent, null when it was the last record.</summary>
    public RRset? WithoutRecord(Rdata record)
    {
        int index = IndexOf(record);
        if (index < 0)
        {
            return this;
        }

        if (Count == 1)
        {
            return null;
        }

        if (Count == 2)
        {
            return new RRset(Type, Ttl, this[1 - index]);
        }

        var many = (Rdata[])_data;
        var next = new Rdata[many.Length - 1];
        Array.Copy(many, 0, next, 0, index);
        Array.Copy(many, index + 1, next, index, next.Length - index);
        return new RRset(Type, Ttl, next);
    }

    public RRset WithTtl(uint ttl) => ttl == Ttl ? this : new RRset(Type, ttl, _data);

    /// <summary>Same type, TTL and records.</summary>
    public bool ContentEquals(RRset? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Type != Type || other.Ttl != Ttl || other.Count != Count)
        {
            return false;
        }

        for (int i = 0; i < Count; i++)
        {
            if (!this[i].Equals(other[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The records as resource records owned by <paramref name="owner"/>, class IN.</summary>
    public IEnumerable<ResourceRecord> ToRecords(DomainName owner)
    {
        foreach (Rdata data in this)
        {
            yield return new ResourceRecord(owner, RecordClass.IN, Ttl, data);
        }
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<Rdata> IEnumerable<Rdata>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(Rdata record)
    {
        if (_data is Rdata[] many)
        {
            return Array.BinarySearch(many, record, Rdata.CanonicalComparer);
        }

        int order = Rdata.CompareCanonical((Rdata)_data, record);
        return order == 0 ? 0 : order < 0 ? ~1 : ~0;
    }

    public struct Enumerator(RRset set) : IEnumerator<Rdata>
    {
        private int _index = -1;

        public readonly Rdata Current => set[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < set.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
