using Microsoft.Extensions.Options;

namespace DnsSuite.Server.Limits;

/// <summary>Checks <see cref="RRsetLimitOptions"/> at start-up, as <c>ServerOptionsValidator</c> does the <c>Server</c> section.</summary>
public sealed class RRsetLimitOptionsValidator : IValidateOptions<RRsetLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RRsetLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
