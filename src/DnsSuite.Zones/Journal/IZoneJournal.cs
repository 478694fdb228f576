using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;

namespace DnsSuite.Zones.Journal;

/// <summary>
/// Where the side that applies changes (the change-log materializer, UPDATE, an incoming transfer) records
/// each applied <see cref="Changeset"/>, and where the IXFR responder reads the history from. The writer
/// calls <see cref="Append"/> after publishing each version, in order; a history that is not contiguous
/// (a zone reloaded or replaced whole) starts over with <see cref="Reset"/>. The journal is in memory: after
/// a restart it is rebuilt from the history the zone's snapshot carries plus the change-log tail after it,
/// which yields the same changesets (and serials) on every primary.
/// </summary>
public interface IZoneJournal
{
    /// <summary>Records the changes that turned the version with serial <c>changes.From</c> into <c>changes.To</c>.</summary>
    void Append(DomainName origin, Changeset changes);

    /// <summary>Forgets the zone's history: the next version does not follow from the last one recorded.</summary>
    void Reset(DomainName origin);

    /// <summary>
    /// The changesets leading from serial <paramref name="fromSerial"/> to serial <paramref name="toSerial"/>,
    /// oldest first; false when the history does not cover that span (then AXFR is the answer, RFC 1995 §4).
    /// </summary>
    bool TryGetChanges(DomainName origin, uint fromSerial, uint toSerial, [NotNullWhen(true)] out IReadOnlyList<Changeset>? changes);
}
