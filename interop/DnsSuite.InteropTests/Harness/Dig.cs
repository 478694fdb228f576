using System.Globalization;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Harness;

/// <summary>What dig sees of a server on 127.0.0.1: a zone's SOA serial and its AXFR.</summary>
internal static class Dig
{
    public static async Task<string> ShortAsync(int port, string name, string type) =>
        (await ExternalTool.RunAsync("dig", ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "+short", "+tries=1", "+time=2", name, type])).StdOut.Trim();

    /// <summary>The zone's SOA serial, or null when the server gives none.</summary>
    public static async Task<uint?> SerialAsync(int port, string apex) =>
        (await ShortAsync(port, apex, "SOA")).Split(' ') is [_, _, var text, ..] && uint.TryParse(text, CultureInfo.InvariantCulture, out uint serial) ? serial : null;

    /// <summary>The records of an AXFR, one normalized line each, sorted, without the closing SOA.</summary>
    public static async Task<IReadOnlyList<string>> AxfrRecordsAsync(int port, string apex, PeerTsigKey? tsig = null)
    {
        var args = new List<string> { "@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "+nocmd", "+nostats", "+nocomments", "+noclass", apex, "AXFR" };
        if (tsig is not null)
        {
            args.AddRange(["-y", tsig.DigArgument]);
        }

        ToolResult dig = (await ExternalTool.RunAsync("dig", args)).EnsureSuccess();
        return dig.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith(';') && !line.Contains("\tTSIG\t", StringComparison.Ordinal))
            .Select(line => string.Join(' ', line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
