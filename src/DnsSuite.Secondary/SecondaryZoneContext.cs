using DnsSuite.Secondary.Persistence;
using DnsSuite.Secondary.Transfer;
using DnsSuite.Zones;
using DnsSuite.Zones.Policies;
using Microsoft.Extensions.Logging;

namespace DnsSuite.Secondary;

/// <summary>What every <see cref="SecondaryZone"/> of one service shares; <paramref name="ZoneOptions"/> and <paramref name="Policies"/> make each zone.</summary>
internal sealed record SecondaryZoneContext(
    SecondaryOptions Options,
    ZoneTable Table,
    ZoneDataStore Store,
    TransferClient Client,
    TimeProvider Time,
    ILogger Logger,
    ZoneOptions ZoneOptions,
    IZonePolicySource? Policies,
    SecondaryMetrics? Metrics = null);
