namespace DnsSuite.Server.Hosting;

/// <summary>
/// Something that must be done before the server reports itself ready (the ready file), besides listening:
/// for a primary, the change log caught up and the zone files seeded. It runs off the start path, so that
/// the listeners and the other hosted services start without waiting for it.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>Completes when the work is done; faults or is cancelled when it cannot be.</summary>
    Task Ready { get; }
}
