using DnsSuite.Protocol.Tsig;
using Microsoft.Extensions.Options;

namespace DnsSuite.Secondary;

/// <summary>
/// Checks <see cref="SecondaryOptions"/> at start-up through the options pipeline, as <c>ServerOptionsValidator</c> does
/// for the server: one line per problem, naming its key (e.g. <c>Secondary:Zones:0:Primaries:0:Address</c>). The rules
/// are <see cref="SecondaryZoneSettingsBuilder"/>'s, so what passes here always builds.
/// </summary>
public sealed class SecondaryOptionsValidator(TsigKeyRing keys) : IValidateOptions<SecondaryOptions>
{
    public ValidateOptionsResult Validate(string? name, SecondaryOptions options)
    {
        IReadOnlyList<string> problems = SecondaryZoneSettingsBuilder.Problems(options, keys);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
