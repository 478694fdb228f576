using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones;

/// <summary>
/// Edits the node index of a zone being built: replaces RRsets and keeps the structure the queries
/// rely on consistent: empty non-terminals above every name, child and descendant counts, and the
/// counts behind <see cref="ZoneVersion.HasDelegations"/> and its siblings. Each change costs
/// O(depth) map operations, copying only the trie paths it touches.
/// </summary>
/// <remarks>
/// The apex is kept beside the map of the names below it: every version changes the apex (its SOA serial, and
/// its child count whenever a name is added or removed right below it), and outside the map that costs one
/// node instead of a copied trie path.
/// </remarks>
internal sealed class ZoneEditor
{
    private readonly PersistentKeyedMap<DomainName, ZoneNode>.Builder _nodes;

    // While recording (a transaction is open): every node replaced or removed, in order, with what it replaced
    // (null: nothing), and the counts at the start, so that RollBack restores the very nodes the transaction began with.
    private readonly List<(DomainName Name, ZoneNode? Previous)> _undo = [];
    private ZoneCounts _countsAtStart;
    private bool _recording;
    private ZoneNode? _apex;

    // The name below the apex last looked up or written, as that instance, and its node now (null: none): a change asks
    // for the same name several times (checks, write, validation, changeset), each a walk down a trie of maybe 1M names.
    private DomainName? _lastName;
    private ZoneNode? _lastNode;

    private ZoneEditor(DomainName origin, ZoneNode? apex, PersistentKeyedMap<DomainName, ZoneNode> belowApex, ZoneCounts counts)
    {
        Origin = origin;
        _apex = apex;
        _nodes = belowApex.ToBuilder();
        Counts = counts;
    }

    public DomainName Origin { get; }

    public ZoneCounts Counts { get; private set; }

    public static ZoneEditor CreateEmpty(DomainName origin) =>
        new(origin, null, PersistentKeyedMap<DomainName, ZoneNode>.Empty(EqualityComparer<DomainName>.Default), default);

    public static ZoneEditor From(ZoneVersion basis) => new(basis.Origin, basis.Apex, basis.BelowApex, basis.Counts);

    /// <summary>Whether a name of this zone is its apex.</summary>
    public bool IsApex(DomainName name) => name.LabelCount == Origin.LabelCount;

    /// <summary>The names below the apex, as a map.</summary>
    public PersistentKeyedMap<DomainName, ZoneNode> BelowApex => _nodes.ToImmutable();

    public bool TryGetNode(DomainName name, [NotNullWhen(true)] out ZoneNode? node)
    {
        if (name.LabelCount == Origin.LabelCount)
        {
            node = name == Origin ? _apex : null;
            return node is not null;
        }

        if (!ReferenceEquals(name, _lastName))
        {
            _nodes.TryGetValue(name, out _lastNode);
            _lastName = name;
        }

        node = _lastNode;
        return node is not null;
    }

    public RRset? Find(DomainName name, RecordType type) => TryGetNode(name, out ZoneNode? node) ? node.Find(type) : null;

    /// <summary>The version of the current contents; throws when there is no apex (the caller validates first).</summary>
    public ZoneVersion ToVersion() =>
        new(Origin, _apex ?? throw new InvalidOperationException($"zone {Origin} has no apex"), _nodes.ToImmutable(), Counts);

    /// <summary>Starts remembering what each write replaces, for <see cref="RollBack"/>.</summary>
    public void StartRecording()
    {
        _undo.Clear();
        _countsAtStart = Counts;
        _recording = true;
    }

    /// <summary>Keeps the writes since <see cref="StartRecording"/> and stops remembering.</summary>
    public void StopRecording()
    {
        _undo.Clear();
        _recording = false;
    }

    /// <summary>Undoes every write since <see cref="StartRecording"/> and stops remembering.</summary>
    public void RollBack()
    {
        _recording = false;
        for (int i = _undo.Count - 1; i >= 0; i--)
        {
            (DomainName name, ZoneNode? previous) = _undo[i];
            if (previous is null)
            {
                Take(name);
            }
            else
            {
                Put(previous);
            }
        }

        _undo.Clear();
        Counts = _countsAtStart;
    }

    /// <summary>Sets the RRset of <paramref name="type"/> at <paramref name="name"/> (a name in the zone), or removes it when <paramref name="rrset"/> is null.</summary>
    public void SetRRset(DomainName name, RecordType type, RRset? rrset)
    {
        TryGetNode(name, out ZoneNode? node);
        RRset? old = node?.Find(type);
        if (old is null && rrset is null)
        {
            return;
        }

        int presence = (rrset is null ? 0 : 1) - (old is null ? 0 : 1);
        Counts = Counts with
        {
            Records = Counts.Records + (rrset?.Count ?? 0) - (old?.Count ?? 0),
            Delegations = Counts.Delegations + (type == RecordType.NS && !IsApex(name) ? presence : 0),
            Dnames = Counts.Dnames + (type == RecordType.DNAME ? presence : 0),
        };

        if (node is null)
        {
            node = ZoneNode.Create(name, rrset!);
            AddNode(node);
            if (node.HasNonAddressData)
            {
                AdjustAncestors(name, nonAddressDelta: 1);
            }

            return;
        }

        ZoneNode updated = rrset is null ? node.WithoutRRset(type) : node.WithRRset(rrset);
        if (node.HasNonAddressData != updated.HasNonAddressData)
        {
            AdjustAncestors(node.Name, updated.HasNonAddressData ? 1 : -1);
        }

        if (updated.IsEmptyNonTerminal && !updated.HasChildren)
        {
            RemoveNode(node);
        }
        else
        {
            Store(updated, node);
        }
    }

    private void AddNode(ZoneNode node)
    {
        Store(node, previous: null);
        CountNode(node.Name, 1);
        DomainName child = node.Name;
        while (!IsApex(child))
        {
            DomainName parentName = ParentOf(child);
            if (TryGetNode(parentName, out ZoneNode? parent))
            {
                Store(parent.WithCounts(childDelta: 1, nonAddressDelta: 0), parent);
                return;
            }

            Store(ZoneNode.CreateEmptyNonTerminal(parentName, childCount: 1), previous: null);
            CountNode(parentName, 1);
            child = parentName;
        }
    }

    /// <summary>Removes a node whose data is going and that has no children, then every ancestor left without data or children.</summary>
    private void RemoveNode(ZoneNode node)
    {
        Delete(node);
        CountNode(node.Name, -1);
        DomainName child = node.Name;
        while (!IsApex(child))
        {
            TryGetNode(ParentOf(child), out ZoneNode? parent);
            ZoneNode updated = parent!.WithCounts(childDelta: -1, nonAddressDelta: 0);
            if (!updated.IsEmptyNonTerminal || updated.HasChildren)
            {
                Store(updated, parent);
                return;
            }

            Delete(parent);
            CountNode(parent.Name, -1);
            child = parent.Name;
        }
    }

    private void AdjustAncestors(DomainName name, int nonAddressDelta)
    {
        DomainName child = name;
        while (!IsApex(child))
        {
            DomainName parentName = ParentOf(child);
            TryGetNode(parentName, out ZoneNode? parent);
            Store(parent!.WithCounts(childDelta: 0, nonAddressDelta), parent);
            child = parentName;
        }
    }

    /// <summary>The parent of a name below the apex; the apex itself when it is the parent, which saves building it.</summary>
    private DomainName ParentOf(DomainName name) => name.LabelCount == Origin.LabelCount + 1 ? Origin : name.Parent();

    /// <summary>Stores <paramref name="node"/> in place of <paramref name="previous"/>, the node of its name now (null: none).</summary>
    private void Store(ZoneNode node, ZoneNode? previous)
    {
        if (_recording)
        {
            _undo.Add((node.Name, previous));
        }

        Put(node);
    }

    /// <summary>Removes <paramref name="previous"/>, the node of its name now.</summary>
    private void Delete(ZoneNode previous)
    {
        if (_recording)
        {
            _undo.Add((previous.Name, previous));
        }

        Take(previous.Name);
    }

    private void Put(ZoneNode node)
    {
        if (IsApex(node.Name))
        {
            _apex = node;
        }
        else
        {
            _nodes.SetItem(node);
            (_lastName, _lastNode) = (node.Name, node);
        }
    }

    private void Take(DomainName name)
    {
        if (IsApex(name))
        {
            _apex = null;
        }
        else
        {
            _nodes.Remove(name);
            (_lastName, _lastNode) = (name, null);
        }
    }

    private void CountNode(DomainName name, int delta)
    {
        if (name.IsWildcard)
        {
            Counts = Counts with { Wildcards = Counts.Wildcards + delta };
        }
    }
}
