using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.TestSupport;

namespace DnsSuite.Zones.Tests;

/// <summary>A minimal valid zone "example." plus whatever records a test adds.</summary>
internal static class TestZones
{
    public static readonly DomainName Origin = DomainName.Parse("example.");

    public static readonly string[] Minimal =
    [
        "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300",
        "@ 3600 IN NS ns1",
        "ns1 3600 IN A 192.0.2.53",
    ];

    public static ResourceRecord Rr(string line) => Records.Rr(line, "example.");

    public static DomainName Name(string text) => DomainName.Parse(text, Origin);

    public static IEnumerable<ResourceRecord> With(params string[] lines) => Records.Rrs("example.", [.. Minimal, .. lines]);

    public static ZoneVersion Load(params string[] lines) => ZoneVersion.Create(Origin, With(lines));

    public static IReadOnlyList<string> Problems(params string[] lines) =>
        Should.Throw<ZoneValidationException>(() => ZoneVersion.Create(Origin, With(lines))).Problems;

    public static IReadOnlyList<string> CommitProblems(ZoneVersion basis, Action<ZoneTransaction> change)
    {
        var transaction = new ZoneTransaction(basis);
        change(transaction);
        return Should.Throw<ZoneValidationException>(() => transaction.Commit(basis.Serial + 1)).Problems;
    }

    public static string[] Texts(IEnumerable<ResourceRecord> records) => [.. records.Select(r => r.ToString())];
}
