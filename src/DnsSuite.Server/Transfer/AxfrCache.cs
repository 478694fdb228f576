using System.Runtime.CompilerServices;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Server.Transfer;

/// <summary>
/// Encodes a version's AXFR once and hands the same messages to every transfer while that version is current.
/// One entry per zone, dropped with the zone; a transfer of an older version than the cached one is encoded
/// for itself and not cached.
/// </summary>
internal sealed partial class AxfrCache(TransferMetrics metrics, ILogger logger)
{
    // RFC 5936 sets no limit; BIND 9.18.28+ refuses these by default (max-records-per-type, max-types-per-name).
    private const int LargeThreshold = 100;

    private readonly ConditionalWeakTable<Zone, Entry> _entries = [];

    public EncodedTransfer Get(Zone zone, ZoneVersion version)
    {
        if (_entries.TryGetValue(zone, out Entry? cached) && ReferenceEquals(cached.Version, version))
        {
            return cached.Encoded.Value;
        }

        var fresh = new Entry(version, new Lazy<EncodedTransfer>(() => Encode(version)));
        if (ReferenceEquals(zone.Current, version))
        {
            _entries.AddOrUpdate(zone, fresh);
        }

        return fresh.Encoded.Value;
    }

    private EncodedTransfer Encode(ZoneVersion version)
    {
        WarnAboutLargeSets(version);
        var question = new Question(version.Origin, RecordType.AXFR);
        var soa = new ResourceRecord(version.Origin, RecordClass.IN, version.SoaTtl, version.Soa);

        // RFC 5936 §2.2: the SOA first and last; EnumerateRecords starts with it.
        return new EncodedTransfer(version, TransferMessageEncoder.Encode(question, version.EnumerateRecords(canonicalOrder: false).Append(soa)));
    }

    private void WarnAboutLargeSets(ZoneVersion version)
    {
        foreach (ZoneNode node in version.EnumerateNodes())
        {
            if (node.RRsets.Count > LargeThreshold)
            {
                metrics.Oversized();
                LogManyTypes(version.Origin, version.Serial, node.Name, node.RRsets.Count);
            }

            foreach (RRset set in node)
            {
                if (set.Count > LargeThreshold)
                {
                    metrics.Oversized();
                    LogLargeRRset(version.Origin, version.Serial, node.Name, set.Type, set.Count);
                }
            }
        }
    }

    [LoggerMessage(EventId = 240, Level = LogLevel.Warning, Message = "Zone {Zone} serial {Serial}: {Name} has {Count} types; BIND 9.18.28 and later refuse transfers with more than 100 types per name by default")]
    private partial void LogManyTypes(DomainName zone, uint serial, DomainName name, int count);

    [LoggerMessage(EventId = 241, Level = LogLevel.Warning, Message = "Zone {Zone} serial {Serial}: {Name} {Type} has {Count} records; BIND 9.18.28 and later refuse transfers with more than 100 records per RRset by default")]
    private partial void LogLargeRRset(DomainName zone, uint serial, DomainName name, RecordType type, int count);

    private sealed record Entry(ZoneVersion Version, Lazy<EncodedTransfer> Encoded);
}
