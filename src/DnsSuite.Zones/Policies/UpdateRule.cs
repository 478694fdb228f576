using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones.Policies;

/// <summary>
/// One line of an update policy, in the spirit of BIND's <c>update-policy</c>:
/// <c>grant|deny KEY MATCH [NAME] [TYPE ...]</c>. KEY is a TSIG key name, or <c>*</c> for any key (and for unsigned
/// updates where TSIG is not required). Without types the rule covers every type but SOA, NS, RRSIG, NSEC and NSEC3
/// (as BIND); <c>ANY</c> covers every type, including the deletion of all RRsets at a name.
/// </summary>
public sealed class UpdateRule
{
    private static readonly RecordType[] DefaultExcluded = [RecordType.SOA, RecordType.NS, RecordType.RRSIG, RecordType.NSEC, RecordType.NSEC3];

    private UpdateRule(bool grant, DomainName? key, UpdateMatch match, DomainName? name, HashSet<RecordType>? types, bool anyType)
    {
        Grant = grant;
        Key = key;
        Match = match;
        Name = name;
        Types = types;
        AnyType = anyType;
    }

    public bool Grant { get; }

    /// <summary>The key the rule is for; null for any key.</summary>
    public DomainName? Key { get; }

    public UpdateMatch Match { get; }

    /// <summary>The rule's name; null for <see cref="UpdateMatch.Zonesub"/>.</summary>
    public DomainName? Name { get; }

    /// <summary>The types listed; null when the rule lists none (the default set) or <c>ANY</c>.</summary>
    public IReadOnlySet<RecordType>? Types { get; }

    public bool AnyType { get; }

    /// <exception cref="FormatException">The rule is malformed; the message says which part.</exception>
    public static UpdateRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3)
        {
            throw new FormatException($"'{text}': expected 'grant|deny KEY name|subdomain|wildcard|zonesub [NAME] [TYPES]'");
        }

        bool grant = words[0].ToLowerInvariant() switch
        {
            "grant" => true,
            "deny" => false,
            _ => throw new FormatException($"'{text}': '{words[0]}' is neither grant nor deny"),
        };
        DomainName? key = words[1] == "*" ? null : ParseName(text, words[1], "key name");
        UpdateMatch match = words[2].ToLowerInvariant() switch
        {
            "name" => UpdateMatch.Name,
            "subdomain" => UpdateMatch.Subdomain,
            "wildcard" => UpdateMatch.Wildcard,
            "zonesub" => UpdateMatch.Zonesub,
            _ => throw new FormatException($"'{text}': '{words[2]}' is not one of name, subdomain, wildcard, zonesub"),
        };
        int next = 3;
        DomainName? name = null;
        if (match != UpdateMatch.Zonesub)
        {
            if (words.Length < 4)
            {
                throw new FormatException($"'{text}': {words[2]} needs a name");
            }

            name = ParseName(text, words[3], "name");
            if (match == UpdateMatch.Wildcard && !name.IsWildcard)
            {
                throw new FormatException($"'{text}': a wildcard rule's name starts with '*.'");
            }

            next = 4;
        }

        HashSet<RecordType>? types = null;
        bool anyType = false;
        foreach (string word in words.Skip(next))
        {
            if (string.Equals(word, "ANY", StringComparison.OrdinalIgnoreCase))
            {
                anyType = true;
            }
            else if (ResourceRecord.TryParseType(word, out RecordType type))
            {
                (types ??= []).Add(type);
            }
            else
            {
                throw new FormatException($"'{text}': '{word}' is not a record type");
            }
        }

        return new UpdateRule(grant, key, match, name, anyType ? null : types, anyType);
    }

    /// <summary>Whether this rule speaks about an update of <paramref name="type"/> at <paramref name="owner"/> by <paramref name="key"/>.</summary>
    /// <param name="type"><see cref="RecordType.ANY"/> for the deletion of every RRset at the owner.</param>
    public bool Matches(DomainName? key, DomainName zone, DomainName owner, RecordType type)
    {
        if (Key is not null && Key != key)
        {
            return false;
        }

        bool nameMatches = Match switch
        {
            UpdateMatch.Name => owner == Name,
            UpdateMatch.Subdomain => owner.IsSubdomainOf(Name!),
            UpdateMatch.Wildcard => owner != Name!.Parent() && owner.IsSubdomainOf(Name.Parent()),
            _ => owner.IsSubdomainOf(zone),
        };
        return nameMatches && (AnyType || (Types is { } listed ? listed.Contains(type) : type != RecordType.ANY && !DefaultExcluded.Contains(type)));
    }

    private static DomainName ParseName(string rule, string word, string what) =>
        DomainName.TryParse(word, DomainName.Root, out DomainName? name, out string? error)
            ? name
            : throw new FormatException($"'{rule}': '{word}' is not a {what}: {error}");
}
