using DnsSuite.Protocol;
using DnsSuite.Zones.Journal;

namespace DnsSuite.Zones.Policies;

/// <summary>Where the roles get a zone's <see cref="ZonePolicies"/> from: the server's configuration (implemented by the server side, wired by the CLI).</summary>
public interface IZonePolicySource
{
    /// <summary>How much IXFR history each zone keeps for this server's secondaries (<c>Transfers:Journal</c>).</summary>
    JournalOptions Journal { get; }

    /// <summary>
    /// The policies of zone <paramref name="origin"/> from the configuration and, for a primary's zone, from what its
    /// change-log metadata names (<paramref name="metadata"/>). Names the configuration lacks are logged here, once
    /// per call, and refuse what they govern.
    /// </summary>
    ZonePolicies Resolve(DomainName origin, MetadataRules? metadata = null);

    /// <summary>The <see cref="ZonePolicies.MaxRecordsPerRRset"/> of zone <paramref name="origin"/> alone: what a zone about to be created is checked against.</summary>
    int MaxRecordsPerRRset(DomainName origin);
}
