using System.Collections;
using DnsSuite.Protocol;
using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones;

/// <summary>
/// One name of a zone and its RRsets, sorted by type code. Immutable. A node without RRsets is an
/// empty non-terminal: a name that exists only because names below it do (RFC 4592 §2.2.2), kept
/// so that closest-encloser searches find it (RFC 4592 §3.3.1). The node is its own
/// <see cref="RRsets"/> list, so a node of one RRset costs no array.
/// </summary>
public sealed class ZoneNode : IReadOnlyList<RRset>, IKeyed<DomainName>
{
    // null (empty non-terminal), a single RRset, or an RRset[] of two or more sorted by type code.
    private readonly object? _rrsets;

    private ZoneNode(DomainName name, object? rrsets, int childCount, int nonAddressDescendants)
    {
        Name = name;
        _rrsets = rrsets;
        ChildCount = childCount;
        NonAddressDescendants = nonAddressDescendants;
    }

    public DomainName Name { get; }

    DomainName IKeyed<DomainName>.Key => Name;

    public IReadOnlyList<RRset> RRsets => this;

    public bool IsEmptyNonTerminal => _rrsets is null;

    /// <summary>Whether names exist below this one.</summary>
    public bool HasChildren => ChildCount > 0;

    /// <summary>The number of records in all RRsets of this node.</summary>
    public int RecordCount
    {
        get
        {
            int count = 0;
            foreach (RRset set in this)
            {
                count += set.Count;
            }

            return count;
        }
    }

    int IReadOnlyCollection<RRset>.Count => Count;

    RRset IReadOnlyList<RRset>.this[int index] => this[index];

    /// <summary>Nodes one label below this one.</summary>
    internal int ChildCount { get; }

    /// <summary>Nodes anywhere below this one holding data other than address records (what a delegation may not occlude).</summary>
    internal int NonAddressDescendants { get; }

    /// <summary>Whether this node holds an RRset of a type other than A and AAAA.</summary>
    internal bool HasNonAddressData
    {
        get
        {
            foreach (RRset set in this)
            {
                if (set.Type is not (RecordType.A or RecordType.AAAA))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private int Count => _rrsets switch
    {
        null => 0,
        RRset[] many => many.Length,
        _ => 1,
    };

    private RRset this[int index] => _rrsets switch
    {
        RRset[] many => many[index],
        RRset one when index == 0 => one,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public RRset? Find(RecordType type)
    {
        switch (_rrsets)
        {
            case RRset one:
                return one.Type == type ? one : null;
            case RRset[] many:
                foreach (RRset set in many)
                {
                    if (set.Type == type)
                    {
                        return set;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<RRset> IEnumerable<RRset>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static ZoneNode Create(DomainName name, RRset rrset) => new(name, rrset, 0, 0);

    internal static ZoneNode CreateEmptyNonTerminal(DomainName name, int childCount) => new(name, null, childCount, 0);

    /// <summary>This node with <paramref name="rrset"/> added or replacing the RRset of its type.</summary>
    internal ZoneNode WithRRset(RRset rrset)
    {
        int count = Count;
        int index = 0;
        while (index < count && this[index].Type < rrset.Type)
        {
            index++;
        }

        bool replace = index < count && this[index].Type == rrset.Type;
        if (count == 0 || (count == 1 && replace))
        {
            return new ZoneNode(Name, rrset, ChildCount, NonAddressDescendants);
        }

        var next = new RRset[replace ? count : count + 1];
        for (int i = 0, j = 0; i < next.Length; i++)
        {
            if (i == index)
            {
                next[i] = rrset;
                j += replace ? 1 : 0;
            }
            else
            {
                next[i] = this[j++];
            }
        }

        return new ZoneNode(Name, next, ChildCount, NonAddressDescendants);
    }

    /// <summary>This node without the RRset of <paramref name="type"/>.</summary>
    internal ZoneNode WithoutRRset(RecordType type)
    {
        if (Find(type) is null)
        {
            return this;
        }

        object? rrsets = null;
        if (_rrsets is RRset[] many)
        {
            RRset[] rest = new RRset[many.Length - 1];
            for (int i = 0, j = 0; i < many.Length; i++)
            {
                if (many[i].Type != type)
                {
                    rest[j++] = many[i];
                }
            }

            rrsets = rest.Length == 1 ? rest[0] : rest;
        }

        return new ZoneNode(Name, rrsets, ChildCount, NonAddressDescendants);
    }

    internal ZoneNode WithCounts(int childDelta, int nonAddressDelta) =>
        new(Name, _rrsets, ChildCount + childDelta, NonAddressDescendants + nonAddressDelta);

    public struct Enumerator(ZoneNode node) : IEnumerator<RRset>
    {
        private int _index = -1;

        public readonly RRset Current => node[_index];

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < node.Count;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }
}
