using DnsSuite.Protocol;
using DnsSuite.Zones.Collections;

namespace DnsSuite.Zones;

/// <summary>
/// Edits the node index of a zone being built: replaces RRsets and keeps the structure the queries
/// rely on consistent: empty non-terminals above every name, child and descendant counts, and the
/// counts behind <see cref="ZoneVersion.HasDelegations"/> and its siblings. Each change costs
/// O(depth) map operations, copying only the trie paths it touches.
/// </summary>
internal sealed class ZoneEditor
{
    private readonly PersistentHashMap<DomainName, ZoneNode>.Builder _nodes;

    private ZoneEditor(DomainName origin, PersistentHashMap<DomainName, ZoneNode> nodes, ZoneCounts counts)
    {
        Origin = origin;
        _nodes = nodes.ToBuilder();
        Counts = counts;
    }

    public DomainName Origin { get; }

    public ZoneCounts Counts { get; private set; }

    public static ZoneEditor CreateEmpty(DomainName origin) =>
        new(origin, PersistentHashMap<DomainName, ZoneNode>.Empty(EqualityComparer<DomainName>.Default), default);

    public static ZoneEditor From(ZoneVersion basis) => new(basis.Origin, basis.Nodes, basis.Counts);

    public bool IsApex(DomainName name) => name.LabelCount == Origin.LabelCount;

    public bool TryGetNode(DomainName name, out ZoneNode? node) => _nodes.TryGetValue(name, out node);

    public RRset? Find(DomainName name, RecordType type) =>
        _nodes.TryGetValue(name, out ZoneNode? node) ? node.Find(type) : null;

    public PersistentHashMap<DomainName, ZoneNode> ToImmutable() => _nodes.ToImmutable();

    /// <summary>Sets the RRset of <paramref name="type"/> at <paramref name="name"/> (a name in the zone), or removes it when <paramref name="rrset"/> is null.</summary>
    public void SetRRset(DomainName name, RecordType type, RRset? rrset)
    {
        _nodes.TryGetValue(name, out ZoneNode? node);
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
            RemoveNode(updated);
        }
        else
        {
            _nodes.SetItem(node.Name, updated);
        }
    }

    private void AddNode(ZoneNode node)
    {
        _nodes.SetItem(node.Name, node);
        CountNode(node.Name, 1);
        DomainName child = node.Name;
        while (!IsApex(child))
        {
            DomainName parentName = child.Parent();
            if (_nodes.TryGetValue(parentName, out ZoneNode? parent))
            {
                _nodes.SetItem(parent.Name, parent.WithCounts(childDelta: 1, nonAddressDelta: 0));
                return;
            }

            _nodes.SetItem(parentName, ZoneNode.CreateEmptyNonTerminal(parentName, childCount: 1));
            CountNode(parentName, 1);
            child = parentName;
        }
    }

    /// <summary>Removes a node that has neither data nor children, then every ancestor left in the same state.</summary>
    private void RemoveNode(ZoneNode node)
    {
        _nodes.Remove(node.Name);
        CountNode(node.Name, -1);
        DomainName child = node.Name;
        while (!IsApex(child))
        {
            _nodes.TryGetValue(child.Parent(), out ZoneNode? parent);
            ZoneNode updated = parent!.WithCounts(childDelta: -1, nonAddressDelta: 0);
            if (!updated.IsEmptyNonTerminal || updated.HasChildren)
            {
                _nodes.SetItem(parent.Name, updated);
                return;
            }

            _nodes.Remove(parent.Name);
            CountNode(parent.Name, -1);
            child = parent.Name;
        }
    }

    private void AdjustAncestors(DomainName name, int nonAddressDelta)
    {
        DomainName child = name;
        while (!IsApex(child))
        {
            DomainName parentName = child.Parent();
            _nodes.TryGetValue(parentName, out ZoneNode? parent);
            _nodes.SetItem(parent!.Name, parent.WithCounts(childDelta: 0, nonAddressDelta));
            child = parentName;
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
