using System.Globalization;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Network;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Harness;

/// <summary>What dig sees of a server on 127.0.0.1, or of one on a <see cref="NetworkLab"/> from a host of it: a zone's SOA serial and its AXFR.</summary>
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

        return Records((await ExternalTool.RunAsync("dig", args)).EnsureSuccess());
    }

    /// <summary>The zone's SOA serial as <paramref name="server"/> (port 53) answers it to <paramref name="from"/>, or null.</summary>
    public static async Task<uint?> SerialAsync(LabHost from, string server, string apex) =>
        (await from.RunAsync("dig", [$"@{server}", "+short", "+tries=1", "+time=2", apex, "SOA"])).StdOut.Trim().Split(' ') is [_, _, var text, ..]
            && uint.TryParse(text, CultureInfo.InvariantCulture, out uint serial) ? serial : null;

    /// <summary>
    /// The records of an AXFR from <paramref name="server"/> (port 53) to <paramref name="from"/>, as
    /// <see cref="AxfrRecordsAsync(int, string, PeerTsigKey?)"/>; none when the server does not answer.
    /// </summary>
    public static async Task<IReadOnlyList<string>> AxfrRecordsAsync(LabHost from, string server, string apex) =>
        await from.RunAsync("dig", [$"@{server}", "+nocmd", "+nostats", "+nocomments", "+noclass", "+tries=1", "+time=2", apex, "AXFR"]) is { Succeeded: true } dig
            ? Records(dig)
            : [];

    private static List<string> Records(ToolResult dig) =>
        dig.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith(';') && !line.Contains("\tTSIG\t", StringComparison.Ordinal))
            .Select(line => string.Join(' ', line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
}
