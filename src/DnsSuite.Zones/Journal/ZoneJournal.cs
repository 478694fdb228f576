using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;

namespace DnsSuite.Zones.Journal;

/// <summary>
/// The in-memory IXFR history of every zone: per zone a contiguous chain of changesets, bounded by
/// <see cref="JournalOptions.MaxChangesets"/> and <see cref="JournalOptions.MaxBytes"/> (the oldest go first).
/// Thread-safe: one writer per zone appends while any number of transfers read.
/// </summary>
public sealed class ZoneJournal : IZoneJournal
{
    private readonly ConcurrentDictionary<DomainName, ChangesetChain> _zones = new();
    private readonly JournalOptions _options;

    public ZoneJournal(JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChangesets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1);
        _options = options;
    }

    /// <summary>How many changesets the zone's history holds.</summary>
    public int GetChangesetCount(DomainName origin) => _zones.TryGetValue(origin, out ChangesetChain? history) ? history.Count : 0;

    public void Append(DomainName origin, Changeset changes)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(changes);
        _zones.GetOrAdd(origin, _ => new ChangesetChain(_options)).Append(changes);
    }

    public void Reset(DomainName origin) => _zones.TryRemove(origin, out _);

    public bool TryGetChanges(DomainName origin, uint fromSerial, uint toSerial, [NotNullWhen(true)] out IReadOnlyList<Changeset>? changes)
    {
        changes = null;
        return _zones.TryGetValue(origin, out ChangesetChain? history) && history.TryGetSpan(fromSerial, toSerial, out changes);
    }
}
