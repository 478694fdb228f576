using DnsSuite.Protocol;
using DnsSuite.Secondary.Persistence;
using DnsSuite.Secondary.Transfer;
using DnsSuite.Zones;
using DnsSuite.Zones.Journal;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Secondary;

/// <summary>What every <see cref="SecondaryZone"/> of one service shares.</summary>
internal sealed record SecondaryZoneContext(
    SecondaryOptions Options,
    ZoneTable Table,
    ZoneDataStore Store,
    TransferClient Client,
    TimeProvider Time,
    ILogger Logger,
    IZoneJournal? Journal,
    Action<DomainName>? ZoneUpdated,
    SecondaryMetrics? Metrics = null);
