namespace DnsSuite.Observability;

/// <summary>An <see cref="IHealthProblems"/> computed by whatever knows them, each time it is asked.</summary>
public sealed class HealthProblems(Func<IReadOnlyList<string>> problems) : IHealthProblems
{
    public IReadOnlyList<string> Problems => problems();
}
