using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;

namespace DnsSuite.Primary.Materialization;

/// <summary>A change message that passed the structural checks, with its zone resolved to <paramref name="Origin"/>.</summary>
public sealed record DecodedChange(DomainName Origin, ChangeMessage Message);
