using DnsSuite.Protocol;

namespace DnsSuite.Observability;

/// <summary>An <see cref="IExpectedZones"/> read from whatever owns the list (e.g. the secondary service), each time it is asked.</summary>
public sealed class ExpectedZones(Func<IReadOnlyCollection<DomainName>> origins) : IExpectedZones
{
    public IReadOnlyCollection<DomainName> Origins => origins();
}
