namespace DnsSuite.Observability;

/// <summary>
/// A source of problems that make a running server not ready, beyond start-up and expiry: e.g. a primary whose log
/// lost changes to retention. An empty list means none.
/// </summary>
public interface IHealthProblems
{
    IReadOnlyList<string> Problems { get; }
}
