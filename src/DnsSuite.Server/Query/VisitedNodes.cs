using System.Runtime.CompilerServices;
using DnsSuite.Zones;

namespace DnsSuite.Server.Query;

/// <summary>Stack storage for the nodes a CNAME/DNAME chain has passed, to stop on loops without allocating.</summary>
[InlineArray(AuthoritativeResolver.MaxChainLength)]
internal struct VisitedNodes
{
    private ZoneNode? _element;
}
