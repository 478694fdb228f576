using DnsSuite.Protocol.Text;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Zone-file text from the log must not read files of the host that applies it ($INCLUDE): the result
/// would depend on the host, and a log writer could read local files.
/// </summary>
internal static class IncludeGuard
{
    /// <summary>The line of the first <c>$INCLUDE</c> directive in <paramref name="text"/>, or null.</summary>
    public static int? FindInclude(string text) =>
        ZoneTokenizer.ReadLines(text, file: null)
            .FirstOrDefault(line => line.Tokens.Count > 0 && line.Tokens[0] is { IsQuoted: false } first && first.Text.Equals("$INCLUDE", StringComparison.OrdinalIgnoreCase))
            ?.Line;
}
