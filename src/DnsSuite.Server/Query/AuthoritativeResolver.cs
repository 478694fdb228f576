using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;

namespace DnsSuite.Server.Query;

/// <summary>
/// The authoritative part of the standard algorithm (RFC 1034 §4.3.2 step 3) over one immutable zone
/// version: exact matches, zone cuts (referrals), CNAME and DNAME chains (RFC 6672), wildcards
/// (RFC 4592) and negative answers (RFC 2308), followed by additional-section processing.
/// </summary>
internal static class AuthoritativeResolver
{
    /// <summary>How many names a CNAME/DNAME chain may visit before we stop following it.</summary>
    public const int MaxChainLength = 16;

    /// <summary>How many NS/MX/SRV targets get additional-section processing.</summary>
    public const int MaxTargets = 32;

    /// <summary>Writes the answer, authority and additional sections; returns the RCODE.</summary>
    public static ResponseCode Resolve(ref ResponseBuilder response, ZoneVersion zone, ReadOnlySpan<byte> questionName, RecordType type, out bool authoritative)
    {
        Span<byte> name = stackalloc byte[DomainName.MaxWireLength];
        Span<byte> scratch = stackalloc byte[DomainName.MaxWireLength];
        questionName.CopyTo(name);
        int nameLength = questionName.Length;
        bool isQuestionName = true;
        VisitedNodes visitedStorage = default;
        Span<ZoneNode?> visited = visitedStorage;
        int visitedCount = 0;
        authoritative = true;
        ResponseCode responseCode = ResponseCode.NoError;

        while (true)
        {
            ReadOnlySpan<byte> current = name[..nameLength];
            ZoneMatch match = Find(zone, current, type);
            if (match.Node is null)
            {
                responseCode = ResponseCode.NXDomain;
                AddNegative(ref response, zone);
                break;
            }

            if (!TryVisit(visited, ref visitedCount, match.Node))
            {
                // A loop, or a chain too long to follow: answer with what we have (RFC 1034 §3.6.2).
                break;
            }

            ZoneNode node = match.Node;
            if (match.Kind == MatchKind.Referral)
            {
                // RFC 1034 §4.3.2 step 3b. AA stays set only for the CNAME records that led here.
                authoritative = response.AnswerCount > 0;
                response.AddRRset(ResponseSection.Authority, current[match.OwnerOffset..], false, node.Find(RecordType.NS)!);
                break;
            }

            if (match.Kind == MatchKind.Dname)
            {
                // RFC 6672 §3.2: the DNAME, a CNAME synthesized with its TTL, then the new name.
                RRset dname = node.Find(RecordType.DNAME)!;
                response.AddRRset(ResponseSection.Answer, current[match.OwnerOffset..], false, dname);
                ReadOnlySpan<byte> target = ((NameRdata)dname[0]).Target.Wire;
                int length = match.OwnerOffset + target.Length;
                if (length > DomainName.MaxWireLength)
                {
                    responseCode = ResponseCode.YXDomain;
                    break;
                }

                current[..match.OwnerOffset].CopyTo(scratch);
                target.CopyTo(scratch[match.OwnerOffset..]);
                response.AddSynthesized(ResponseSection.Answer, current, isQuestionName, RecordType.CNAME, RecordClass.IN, dname.Ttl, scratch[..length]);

                // Like a real CNAME, the synthesized one is itself the answer to a CNAME query.
                if (type == RecordType.CNAME || !MoveTo(scratch[..length], name, ref nameLength, ref isQuestionName, zone))
                {
                    break;
                }

                continue;
            }

            RRset? rrset = type == RecordType.ANY ? FirstRRset(node) : node.Find(type);
            if (rrset is not null)
            {
                response.AddRRset(ResponseSection.Answer, current, isQuestionName, rrset);
                break;
            }

            RRset? cname = node.Find(RecordType.CNAME);
            if (cname is null)
            {
                AddNegative(ref response, zone);
                break;
            }

            // RFC 1034 §4.3.2 step 3a: restart at the canonical name while it stays in this zone.
            response.AddRRset(ResponseSection.Answer, current, isQuestionName, cname);
            if (!MoveTo(((NameRdata)cname[0]).Target.Wire, name, ref nameLength, ref isQuestionName, zone))
            {
                break;
            }
        }

        if (response.TargetCount > 0)
        {
            AddAdditional(ref response, zone);
        }

        return responseCode;
    }

    /// <summary>
    /// Finds where <paramref name="name"/> (at or below the zone's origin) leads. A zone without cuts
    /// and DNAMEs needs one hash lookup for an existing name; otherwise the ancestors are visited from
    /// the apex down, because a cut or DNAME above the name takes precedence over the name itself.
    /// </summary>
    private static ZoneMatch Find(ZoneVersion zone, ReadOnlySpan<byte> name, RecordType type)
    {
        ZoneNode? node;
        if (!zone.HasDelegations && !zone.HasDnames)
        {
            return zone.TryGetNode(name, out node)
                ? new ZoneMatch(MatchKind.Exact, node, 0)
                : FindWildcard(zone, name, zone.HasWildcards ? ClosestEncloser(zone, name) : -1);
        }

        int labels = WireNames.CountLabels(name);
        int originLabels = zone.Origin.LabelCount;
        int encloser = -1;
        for (int depth = originLabels; ; depth++)
        {
            int offset = WireNames.SkipLabels(name, labels - depth);
            if (!zone.TryGetNode(name[offset..], out node))
            {
                return FindWildcard(zone, name, encloser);
            }

            bool exact = depth == labels;

            // RFC 4035 §3.1.4.1: DS at a cut belongs to the parent side, so it is answered here.
            if (depth > originLabels && !(exact && type == RecordType.DS) && node.Find(RecordType.NS) is not null)
            {
                return new ZoneMatch(MatchKind.Referral, node, offset);
            }

            if (exact)
            {
                return new ZoneMatch(MatchKind.Exact, node, 0);
            }

            // RFC 6672 §2.3: a DNAME redirects names below its owner, never the owner itself.
            if (node.Find(RecordType.DNAME) is not null)
            {
                return new ZoneMatch(MatchKind.Dname, node, offset);
            }

            encloser = offset;
        }
    }

    /// <summary>The offset of the closest encloser (RFC 4592 §3.3.1), searched upwards; empty non-terminals count as existing.</summary>
    private static int ClosestEncloser(ZoneVersion zone, ReadOnlySpan<byte> name)
    {
        int originLength = zone.Origin.WireLength;
        for (int offset = name[0] + 1; name.Length - offset >= originLength; offset += name[offset] + 1)
        {
            if (zone.TryGetNode(name[offset..], out _))
            {
                return offset;
            }
        }

        return -1;
    }

    private static ZoneMatch FindWildcard(ZoneVersion zone, ReadOnlySpan<byte> name, int encloserOffset)
    {
        ReadOnlySpan<byte> encloser = encloserOffset < 0 ? default : name[encloserOffset..];
        if (encloserOffset < 0 || !zone.HasWildcards || encloser.Length + 2 > DomainName.MaxWireLength)
        {
            return new ZoneMatch(MatchKind.NXDomain, null, 0);
        }

        Span<byte> source = stackalloc byte[DomainName.MaxWireLength];
        source[0] = 1;
        source[1] = (byte)'*';
        encloser.CopyTo(source[2..]);
        return zone.TryGetNode(source[..(encloser.Length + 2)], out ZoneNode? node)
            ? new ZoneMatch(MatchKind.Wildcard, node, 0)
            : new ZoneMatch(MatchKind.NXDomain, null, 0);
    }

    /// <summary>RFC 8482 §4.2: a minimal answer to ANY is one RRset; ours is the node's first in type order.</summary>
    private static RRset? FirstRRset(ZoneNode node)
    {
        foreach (RRset rrset in node)
        {
            return rrset;
        }

        return null;
    }

    private static bool TryVisit(Span<ZoneNode?> visited, ref int count, ZoneNode node)
    {
        for (int i = 0; i < count; i++)
        {
            if (ReferenceEquals(visited[i], node))
            {
                return false;
            }
        }

        if (count == visited.Length)
        {
            return false;
        }

        visited[count++] = node;
        return true;
    }

    /// <summary>Continues the chain at <paramref name="target"/>; false when it leaves the zone.</summary>
    private static bool MoveTo(ReadOnlySpan<byte> target, Span<byte> name, ref int nameLength, ref bool isQuestionName, ZoneVersion zone)
    {
        target.CopyTo(name);
        nameLength = target.Length;
        isQuestionName = false;
        return WireNames.IsSubdomainOf(target, zone.Origin.Wire);
    }

    /// <summary>RFC 2308 §3: the SOA in the authority section, with TTL min(SOA TTL, SOA MINIMUM).</summary>
    private static void AddNegative(ref ResponseBuilder response, ZoneVersion zone) =>
        response.AddRecord(ResponseSection.Authority, zone.Origin.Wire, Math.Min(zone.SoaTtl, zone.Soa.Minimum), zone.Soa);

    /// <summary>
    /// A and AAAA of NS, MX and SRV targets in this zone (RFC 1034 §3.6.2, RFC 2782). NS targets may be
    /// glue below a cut (the point of a referral); MX and SRV targets only get authoritative data.
    /// </summary>
    private static void AddAdditional(ref ResponseBuilder response, ZoneVersion zone)
    {
        Span<byte> target = stackalloc byte[DomainName.MaxWireLength];
        Span<byte> earlier = stackalloc byte[DomainName.MaxWireLength];
        int count = response.TargetCount;
        for (int i = 0; i < count; i++)
        {
            if (!response.TryReadTarget(i, target, out int length, out bool glueAllowed))
            {
                continue;
            }

            ReadOnlySpan<byte> name = target[..length];
            if (!WireNames.IsSubdomainOf(name, zone.Origin.Wire)
                || IsDuplicate(ref response, i, name, earlier)
                || (!glueAllowed && zone.HasDelegations && IsAtOrBelowCut(zone, name))
                || !zone.TryGetNode(name, out ZoneNode? node))
            {
                continue;
            }

            if (node.Find(RecordType.A) is { } a)
            {
                response.AddRRset(ResponseSection.Additional, name, false, a);
            }

            if (node.Find(RecordType.AAAA) is { } aaaa)
            {
                response.AddRRset(ResponseSection.Additional, name, false, aaaa);
            }
        }
    }

    private static bool IsDuplicate(ref ResponseBuilder response, int index, scoped ReadOnlySpan<byte> name, scoped Span<byte> scratch)
    {
        for (int j = 0; j < index; j++)
        {
            if (response.TryReadTarget(j, scratch, out int length, out _) && DomainName.WireEquals(scratch[..length], name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAtOrBelowCut(ZoneVersion zone, ReadOnlySpan<byte> name)
    {
        int originLength = zone.Origin.WireLength;
        for (int offset = 0; name.Length - offset > originLength; offset += name[offset] + 1)
        {
            if (zone.TryGetNode(name[offset..], out ZoneNode? node) && node.Find(RecordType.NS) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
