using System.Net;

namespace DnsSuite.Zones;

/// <summary>One NOTIFY target of a zone: the send in progress (null: none), and whether the zone changed since it started.</summary>
public sealed class NotifyTarget(IPEndPoint endPoint)
{
    public IPEndPoint EndPoint { get; } = endPoint;

    /// <summary>Guards <see cref="Pending"/> and <see cref="Running"/>.</summary>
    public Lock Lock { get; } = new();

    /// <summary>A NOTIFY of a newer version is wanted once the one running ends.</summary>
    public bool Pending { get; set; }

    public Task? Running { get; set; }
}
