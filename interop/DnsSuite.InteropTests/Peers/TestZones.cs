using System.Globalization;
using DnsSuite.TestSupport;
using DnsSuite.TestSupport.Peers;

namespace DnsSuite.InteropTests.Peers;

/// <summary>Small zone files for the peer harness tests, written as zone-file text.</summary>
internal static class TestZones
{
    public const string Apex = "example.com.";

    public static string Text(uint serial, params string[] extraRecords) =>
        string.Join(
            '\n',
            new[]
            {
                "$ORIGIN example.com.",
                "$TTL 300",
                $"@ IN SOA ns1.example.com. hostmaster.example.com. {serial.ToString(CultureInfo.InvariantCulture)} 3600 600 86400 300",
                "@ IN NS ns1.example.com.",
                "ns1 IN A 127.0.0.1",
                "www IN A 192.0.2.1",
            }.Concat(extraRecords)) + "\n";

    public static PeerZone Write(TempDir dir, uint serial, params string[] extraRecords) =>
        new(Apex, dir.WriteFile("example.com.zone", Text(serial, extraRecords)));
}
