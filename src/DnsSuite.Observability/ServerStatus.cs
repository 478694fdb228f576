using DnsSuite.Protocol;
using DnsSuite.Server.Hosting;
using DnsSuite.Zones;

namespace DnsSuite.Observability;

/// <summary>What the health endpoints report: readiness with its reason, and the served zones.</summary>
/// <remarks>The checks are asked for when needed: the HTTP service that reports them is one of them.</remarks>
public sealed class ServerStatus(ZoneTable table, Func<IEnumerable<IReadinessCheck>> checks, IEnumerable<IExpectedZones> expected, string role, IEnumerable<IHealthProblems>? problems = null)
{
    public const string Serving = "serving";
    public const string Expired = "expired";

    /// <summary>
    /// Ready when every <see cref="IReadinessCheck"/> completed, no <see cref="IHealthProblems"/> reports one, every expected
    /// zone is loaded and none is expired.
    /// </summary>
    public (bool Ready, string Reason) Readiness()
    {
        foreach (IReadinessCheck check in checks())
        {
            Task ready = check.Ready;
            if (ready.IsFaulted)
            {
                return (false, $"{check.GetType().Name} failed: {ready.Exception!.GetBaseException().Message}");
            }

            if (!ready.IsCompletedSuccessfully)
            {
                return (false, $"starting: waiting for {check.GetType().Name}");
            }
        }

        if ((problems ?? []).SelectMany(p => p.Problems).FirstOrDefault() is { } problem)
        {
            return (false, problem);
        }

        foreach (DomainName origin in expected.SelectMany(e => e.Origins))
        {
            if (!table.TryGet(origin, out _))
            {
                return (false, $"zone {origin} not loaded yet");
            }
        }

        IReadOnlyCollection<Zone> zones = table.Zones;
        if (zones.FirstOrDefault(zone => zone.IsExpired) is { } expired)
        {
            return (false, $"zone {expired.Origin} expired");
        }

        return (true, $"serving {zones.Count} zones");
    }

    public IReadOnlyList<ZoneStatusView> Zones() =>
        [.. table.Zones
            .Select(zone => (Zone: zone, Version: zone.Current))
            .OrderBy(z => z.Zone.Origin, DomainName.CanonicalComparer)
            .Select(z => new ZoneStatusView(z.Zone.Origin.ToString(), z.Version.Serial, z.Version.RecordCount, z.Zone.IsExpired ? Expired : Serving, role, z.Zone.Health.LastError))];
}
