using System.Net;
using DnsSuite.Protocol;

namespace DnsSuite.Cli.Probe;

/// <summary>What <c>dnssuite probe</c> watches and how often.</summary>
internal sealed record ProbeOptions(IReadOnlyList<DomainName> Zones, IReadOnlyList<IPEndPoint> Servers, TimeSpan Interval, TimeSpan MaxAge, TimeSpan QueryTimeout, string Label)
{
    /// <summary>The heartbeat owner name's first label, under each zone's apex.</summary>
    public const string DefaultLabel = "_dnssuite-probe";
}
