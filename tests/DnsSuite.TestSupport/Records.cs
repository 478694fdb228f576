using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;

namespace DnsSuite.TestSupport;

/// <summary>Records written as zone-file lines in tests.</summary>
public static class Records
{
    /// <summary>
    /// Parses <c>"owner ttl class type rdata"</c>, e.g. <c>Rr("www.example. 300 IN A 192.0.2.1")</c>.
    /// Relative names (owner and in the RDATA) are relative to <paramref name="origin"/>.
    /// </summary>
    public static ResourceRecord Rr(string line, string? origin = null)
    {
        IReadOnlyList<ZoneToken> tokens = ZoneTokenizer.Tokenize(line);
        if (tokens.Count < 4)
        {
            throw new FormatException($"'{line}' is not 'owner ttl class type rdata'");
        }

        DomainName? originName = origin is null ? null : DomainName.Parse(origin);
        DomainName owner = DomainName.Parse(tokens[0].Text, originName);
        if (!PresentationReader.TryParseDuration(tokens[1].Text, out uint ttl))
        {
            throw new FormatException($"'{tokens[1].Text}' is not a TTL in '{line}'");
        }

        if (!ResourceRecord.TryParseClass(tokens[2].Text, out RecordClass @class))
        {
            throw new FormatException($"'{tokens[2].Text}' is not a class in '{line}'");
        }

        if (!ResourceRecord.TryParseType(tokens[3].Text, out RecordType type))
        {
            throw new FormatException($"'{tokens[3].Text}' is not a type in '{line}'");
        }

        var rdata = new PresentationReader([.. tokens.Skip(4)], originName ?? DomainName.Root);
        return new ResourceRecord(owner, @class, ttl, Rdata.Parse(type, rdata));
    }

    /// <summary>Parses several lines with <see cref="Rr"/>.</summary>
    public static IReadOnlyList<ResourceRecord> Rrs(string origin, params string[] lines) => [.. lines.Select(line => Rr(line, origin))];
}
