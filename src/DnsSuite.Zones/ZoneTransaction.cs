using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones;

/// <summary>
/// The one write path of a zone: changes a <see cref="ZoneDraft"/>, either its own (started from a version, which it
/// never changes) or a draft that runs transactions one after another. Reads through the transaction see its own
/// writes. <see cref="Commit(uint)"/> validates only the names that changed and yields the new version with the
/// <see cref="Changeset"/> from the version before; <see cref="CommitChanges"/> yields the changeset alone and leaves
/// the version to the draft. Disposing a transaction that did not commit rolls it back. Not thread-safe.
/// </summary>
public sealed class ZoneTransaction : IDisposable
{
    private readonly ZoneDraft _draft;
    private readonly ZoneEditor _editor;

    // The basis RRset (null: none) of every owner and type this transaction wrote, and the owner name as stored.
    private readonly Dictionary<RRsetKey, (DomainName Owner, RRset? Basis)> _touched;
    private readonly int _maxRecordsPerRRset;
    private bool _ended;

    /// <summary>A transaction on a draft of its own, started from <paramref name="basis"/>.</summary>
    /// <param name="maxRecordsPerRRset">The most records an RRset this transaction adds to may end with (0: any number), see <see cref="CommitChanges"/>.</param>
    public ZoneTransaction(ZoneVersion basis, int maxRecordsPerRRset = OversizedRRset.Unlimited)
        : this(new ZoneDraft(basis), maxRecordsPerRRset)
    {
    }

    internal ZoneTransaction(ZoneDraft draft, int maxRecordsPerRRset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRecordsPerRRset);
        _touched = draft.Open();
        _draft = draft;
        _editor = draft.Editor;
        _maxRecordsPerRRset = maxRecordsPerRRset;
        BasisSoa = draft.Soa;
    }

    /// <summary>The apex SOA when the transaction started.</summary>
    public SoaRdata BasisSoa { get; }

    public DomainName Origin => _draft.Origin;

    /// <summary>Whether the records differ from the basis (changes that cancel out do not count); asked of an open transaction.</summary>
    public bool HasChanges
    {
        get
        {
            ThrowIfEnded();
            foreach ((RRsetKey key, (_, RRset? basis)) in _touched)
            {
                if (!SameRRset(basis, _editor.Find(key.Name, key.Type)))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Adds a record; false when it is already present with the same TTL. A record whose TTL differs
    /// from its RRset's sets the TTL of the whole RRset (RFC 2181 §5.2, as BIND does for UPDATE).
    /// An SOA replaces the SOA at its name; <see cref="Commit"/> then sets its serial.
    /// Throws <see cref="ZoneValidationException"/> for a record that cannot be in this zone at all
    /// (outside it, not class IN, a meta-type).
    /// </summary>
    public bool Add(ResourceRecord record)
    {
        ThrowIfEnded();
        if (ZoneRules.CheckRecord(Origin, record) is { } problem)
        {
            throw new ZoneValidationException(Origin, [problem]);
        }

        RRset? current = _editor.Find(record.Name, record.Type);
        RRset next = current is null || record.Type == RecordType.SOA
            ? RRset.Create(record.Ttl, record.Data)
            : current.WithRecord(record.Data).WithTtl(record.Ttl);
        if (SameRRset(current, next))
        {
            return false;
        }

        Write(record.Name, record.Type, current, next);
        return true;
    }

    /// <summary>
    /// Makes the RRset of the records' type at <paramref name="name"/> exactly <paramref name="records"/> (one type;
    /// duplicates collapse) with <paramref name="ttl"/>, in one write: removing the RRset and adding the records one
    /// by one would take the name out of the zone and put it back when the RRset is its only one. False when the
    /// RRset already is exactly that. An SOA's serial is then set by <see cref="Commit"/>. Throws
    /// <see cref="ZoneValidationException"/> as <see cref="Add"/> does.
    /// </summary>
    public bool ReplaceRRset(DomainName name, uint ttl, IReadOnlyList<Rdata> records)
    {
        ThrowIfEnded();
        RRset next = RRset.Create(ttl, records);
        if (ZoneRules.CheckRecord(Origin, new ResourceRecord(name, ttl, next[0])) is { } problem)
        {
            throw new ZoneValidationException(Origin, [problem]);
        }

        RRset? current = _editor.Find(name, next.Type);
        if (SameRRset(current, next))
        {
            return false;
        }

        Write(name, next.Type, current, next);
        return true;
    }

    /// <summary>Removes the record with this owner, type and RDATA, whatever its TTL; false when absent.</summary>
    public bool Remove(ResourceRecord record)
    {
        ThrowIfEnded();
        if (!record.Name.IsSubdomainOf(Origin) || _editor.Find(record.Name, record.Type) is not { } current || !current.Contains(record.Data))
        {
            return false;
        }

        Write(record.Name, record.Type, current, current.WithoutRecord(record.Data));
        return true;
    }

    /// <summary>Removes the RRset of <paramref name="type"/> at <paramref name="name"/>; returns the number of records removed.</summary>
    public int RemoveRRset(DomainName name, RecordType type)
    {
        ThrowIfEnded();
        if (!name.IsSubdomainOf(Origin) || _editor.Find(name, type) is not { } current)
        {
            return 0;
        }

        Write(name, type, current, null);
        return current.Count;
    }

    /// <summary>
    /// Removes every RRset at <paramref name="name"/>, except at the apex, where the SOA and NS stay
    /// (RFC 2136 §3.4.2.3; remove those with <see cref="RemoveRRset"/>). Returns the number of records removed.
    /// </summary>
    public int RemoveName(DomainName name)
    {
        ThrowIfEnded();
        if (!name.IsSubdomainOf(Origin) || !_editor.TryGetNode(name, out ZoneNode? node))
        {
            return 0;
        }

        bool apex = _editor.IsApex(name);
        int removed = 0;
        foreach (RRset set in node!.RRsets.ToArray())
        {
            if (!(apex && set.Type is RecordType.SOA or RecordType.NS))
            {
                Write(name, set.Type, set, null);
                removed += set.Count;
            }
        }

        return removed;
    }

    /// <summary>The node as this transaction has made it so far.</summary>
    public bool TryGetNode(DomainName name, [NotNullWhen(true)] out ZoneNode? node) => _editor.TryGetNode(name, out node);

    /// <summary>
    /// Validates the changed names (the apex always) and builds the new version, whose SOA is the
    /// apex SOA with <paramref name="newSerial"/>. Throws <see cref="ZoneValidationException"/> listing
    /// every problem, having rolled back. An RRset the transaction added records to and that ends with more than the
    /// transaction's limit is one (<see cref="ZoneValidationException.Oversized"/>); one that was over the limit
    /// before and only lost records or changed its TTL is not, so a lowered limit never blocks shrinking an RRset
    /// (BIND checks the limit on additions alone too). A transaction ends with its commit.
    /// </summary>
    public (ZoneVersion Version, Changeset Changes) Commit(uint newSerial)
    {
        Changeset changes = CommitChanges(newSerial);
        return (_draft.ToVersion(), changes);
    }

    /// <summary>
    /// As <see cref="Commit(uint)"/>, but the new version stays in the draft (<see cref="ZoneDraft.ToVersion"/>
    /// builds it): what a run of transactions does, so that the versions between are never built.
    /// </summary>
    public Changeset CommitChanges(uint newSerial)
    {
        ThrowIfEnded();
        var problems = new List<string>();
        ZoneRules.CheckNode(_editor, Origin, checkBelow: true, problems);
        // Most transactions touch one name: the set that keeps a name from being checked twice is for the others.
        HashSet<DomainName>? checkedNames = _touched.Count > 1 ? [Origin] : null;
        foreach (RRsetKey key in _touched.Keys)
        {
            bool firstTime = checkedNames?.Add(key.Name) ?? !_editor.IsApex(key.Name);
            if (firstTime)
            {
                ZoneRules.CheckNode(_editor, key.Name, checkBelow: true, problems);
            }
        }

        OversizedRRset? oversized = _maxRecordsPerRRset > OversizedRRset.Unlimited ? CheckGrownRRsets(problems) : null;
        if (problems.Count > 0)
        {
            Dispose();
            throw new ZoneValidationException(Origin, problems) { Oversized = oversized };
        }

        RRset soa = _editor.Find(Origin, RecordType.SOA)!;
        var newSoa = ((SoaRdata)soa[0]).WithSerial(newSerial);
        _editor.SetRRset(Origin, RecordType.SOA, RRset.Create(soa.Ttl, newSoa));
        Changeset changes = BuildChangeset(newSoa, soa.Ttl);
        _ended = true;
        _draft.Close(committed: true);
        return changes;
    }

    /// <summary>Rolls back, unless the transaction committed: the draft is as it was when the transaction started.</summary>
    public void Dispose()
    {
        if (!_ended)
        {
            _ended = true;
            _draft.Close(committed: false);
        }
    }

    private Changeset BuildChangeset(SoaRdata newSoa, uint soaTtl)
    {
        var removed = new List<ResourceRecord>(0);
        var added = new List<ResourceRecord>(0);
        foreach ((RRsetKey key, (DomainName owner, RRset? before)) in _touched)
        {
            if (key.Type == RecordType.SOA)
            {
                continue;
            }

            _editor.TryGetNode(key.Name, out ZoneNode? node);
            RRset? after = node?.Find(key.Type);
            if (before is not null && after is not null && before.Ttl == after.Ttl)
            {
                AddMissing(removed, owner, before, after);
                AddMissing(added, node!.Name, after, before);
                continue;
            }

            // A TTL change replaces every record: the TTL is part of each RR that IXFR transfers.
            if (before is not null)
            {
                AddAll(removed, owner, before);
            }

            if (after is not null)
            {
                AddAll(added, node!.Name, after);
            }
        }

        removed.Sort(CompareRecords);
        added.Sort(CompareRecords);
        // Journals keep changesets for long, so they hold exact arrays rather than the lists (two objects fewer each).
        return new Changeset(BasisSoa, newSoa, soaTtl, removed.ToArray(), added.ToArray());
    }

    /// <summary>The RRsets written that gained a record and end over the limit, each added to <paramref name="problems"/>; returns the first.</summary>
    private OversizedRRset? CheckGrownRRsets(List<string> problems)
    {
        OversizedRRset? first = null;
        foreach ((RRsetKey key, (DomainName owner, RRset? before)) in _touched)
        {
            if (_editor.Find(key.Name, key.Type) is { } after
                && OversizedRRset.Check(owner, after, _maxRecordsPerRRset) is { } oversized
                && (before is null || after.Any(record => !before.Contains(record))))
            {
                problems.Add(oversized.Problem);
                first ??= oversized;
            }
        }

        return first;
    }

    private static void AddAll(List<ResourceRecord> records, DomainName owner, RRset set)
    {
        foreach (Rdata data in set)
        {
            records.Add(new ResourceRecord(owner, set.Ttl, data));
        }
    }

    /// <summary>Adds the records of <paramref name="from"/> that <paramref name="other"/> lacks, with <paramref name="from"/>'s TTL.</summary>
    private static void AddMissing(List<ResourceRecord> records, DomainName owner, RRset from, RRset other)
    {
        foreach (Rdata data in from)
        {
            if (!other.Contains(data))
            {
                records.Add(new ResourceRecord(owner, from.Ttl, data));
            }
        }
    }

    private static int CompareRecords(ResourceRecord a, ResourceRecord b)
    {
        int order = DomainName.CompareCanonical(a.Name, b.Name);
        return order != 0 ? order : Rdata.CompareCanonical(a.Data, b.Data);
    }

    private void Write(DomainName name, RecordType type, RRset? current, RRset? next)
    {
        var key = new RRsetKey(name, type);
        if (!_touched.ContainsKey(key))
        {
            DomainName owner = _editor.TryGetNode(name, out ZoneNode? node) ? node!.Name : name;
            _touched.Add(key, (owner, current));
        }

        _editor.SetRRset(name, type, next);
    }

    private static bool SameRRset(RRset? a, RRset? b) => a is null ? b is null : a.ContentEquals(b);

    private void ThrowIfEnded()
    {
        if (_ended)
        {
            throw new InvalidOperationException("the transaction has ended (committed or rolled back); start a new one");
        }
    }
}
