using System.Text;
using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Journal;
using DnsSuite.Zones.Policies;

namespace DnsSuite.Primary.Tests;

/// <summary>Change messages written as the JSON producers send, and a materializer fed record by record.</summary>
internal static class Messages
{
    public const string Apex = "example.com.";

    public static readonly DateTimeOffset T0 = new(2024, 5, 17, 12, 0, 0, TimeSpan.Zero);

    public static string Create(string zone = Apex, string policy = "increment", uint serial = 1, string records = """["ns1 3600 A 192.0.2.53"]""") =>
        $$"""{"version":1,"zone":"{{zone}}","operations":[{"op":"CREATE_ZONE","soa":"ns1 hostmaster {{serial}} 3600 600 1209600 300","ttl":3600,"ns":["ns1.{{zone}}"],"records":{{records}},"serial_policy":"{{policy}}"}],"source":"test"}""";

    /// <summary>A message of <paramref name="operations"/> (and <paramref name="prerequisites"/>), each a JSON array body.</summary>
    public static string Ops(string operations, string prerequisites = "", string zone = Apex) =>
        prerequisites.Length == 0
            ? $$"""{"version":1,"zone":"{{zone}}","operations":[{{operations}}]}"""
            : $$"""{"version":1,"zone":"{{zone}}","prerequisites":[{{prerequisites}}],"operations":[{{operations}}]}""";

    public static LogRecord Record(string json, long offset, int partition = 0, DateTimeOffset? timestamp = null, string key = Apex) =>
        new(key, Encoding.UTF8.GetBytes(json), new LogPosition(partition, offset), timestamp ?? T0.AddSeconds(offset));

    /// <summary>The zone as canonical zone-file text, the SOA line first.</summary>
    public static string Text(ZoneVersion version) => ZoneFileWriter.ToText(version.Origin, version.EnumerateRecords());

    /// <summary>The zone's records other than the SOA as "owner ttl type rdata" lines, sorted canonically.</summary>
    public static string[] Lines(ZoneVersion version) =>
        [.. version.EnumerateRecords().Skip(1).Select(r => $"{Relative(r.Name, version.Origin)} {r.Ttl} {ResourceRecord(r.Type)} {r.Data}")];

    private static string Relative(DomainName name, DomainName origin)
    {
        string text = name.ToString(), suffix = "." + origin;
        return name == origin ? "@" : text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) ? text[..^suffix.Length] : text;
    }

    private static string ResourceRecord(RecordType type) => DnsSuite.Protocol.Records.ResourceRecord.TypeMnemonic(type);
}

/// <summary>A materializer over a fresh table, fed records with increasing offsets in one partition.</summary>
internal sealed class Feeder
{
    private long _offset;

    public Feeder(string source = "test", IZonePolicySource? policies = null, TimeProvider? time = null)
    {
        Materializer = new ZoneMaterializer(new ZoneTable(), source, policies: policies, time: time);
        Materializer.ZoneChanged += Events.Add;
    }

    public ZoneMaterializer Materializer { get; }

    public List<ZoneChange> Events { get; } = [];

    public ApplyResult? Feed(string json, DateTimeOffset? timestamp = null, string key = Messages.Apex)
    {
        long offset = _offset++;
        return Materializer.Apply(Messages.Record(json, offset, 0, timestamp, key));
    }

    public ZoneVersion Version(string zone = Messages.Apex) =>
        Materializer.TryGetZone(DomainName.Parse(zone), out ZoneState? state) ? state.Version : throw new AssertionException($"no zone {zone}");

    public static Feeder WithZone(string policy = "increment")
    {
        var feeder = new Feeder();
        feeder.Feed(Messages.Create(policy: policy)).ShouldBeOfType<ZoneCreated>();
        return feeder;
    }
}

/// <summary>Zone policies from a function, for tests of what the materializer asks and when.</summary>
internal sealed class PolicySource(Func<DomainName, MetadataRules?, ZonePolicies> resolve, int maxRecordsPerRRset = OversizedRRset.DefaultLimit) : IZonePolicySource
{
    public JournalOptions Journal { get; } = new();

    public ZonePolicies Resolve(DomainName origin, MetadataRules? metadata = null) => resolve(origin, metadata) with { MaxRecordsPerRRset = maxRecordsPerRRset };

    public int MaxRecordsPerRRset(DomainName origin) => maxRecordsPerRRset;
}
