using DnsSuite.Protocol;

namespace DnsSuite.Observability;

/// <summary>The zones a server is configured to serve (a secondary's list), so that readiness can name one not loaded yet.</summary>
public interface IExpectedZones
{
    IReadOnlyCollection<DomainName> Origins { get; }
}
