using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones.Updates;

namespace DnsSuite.Server.Update;

/// <summary>
/// The checks of an UPDATE that need no zone data (RFC 2136 §3.1.1, §3.2 and the prescan of §3.4.1): the zone
/// section, then the form of every prerequisite and update RR. What fails is answered FORMERR or NOTZONE.
/// </summary>
public static class UpdateParser
{
    /// <summary>§3.1.1: exactly one zone, of type SOA.</summary>
    public static bool TryGetZone(Message request, [NotNullWhen(true)] out DomainName? zone, [NotNullWhen(false)] out UpdateOutcome? failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        zone = null;
        failure = request.Questions switch
        {
            { Count: not 1 } => new UpdateOutcome(ResponseCode.FormErr, $"the zone section has {request.Questions.Count} entries; it must have one"),
            [{ Type: not RecordType.SOA } q] => new UpdateOutcome(ResponseCode.FormErr, $"the zone section's type is {ResourceRecord.TypeMnemonic(q.Type)}; it must be SOA"),
            _ => null,
        };
        zone = failure is null ? request.Questions[0].Name : null;
        return failure is null;
    }

    /// <summary>
    /// §3.2.1-§3.2.4 (prerequisites) and §3.4.1.2-§3.4.1.3 (updates), for the zone the request names. When a record
    /// fails, <paramref name="evaluatedBefore"/> holds the prerequisites a server processing them in order (§3.2.5) has
    /// evaluated before it: for a prerequisite, those before it of class ANY and NONE (class IN ones are compared as sets
    /// once the section has been read, §3.2.3, as BIND does); for an update, every prerequisite. If one of them fails,
    /// its RCODE is the answer rather than <paramref name="failure"/>.
    /// </summary>
    public static bool TryCheckSections(Message request, DomainName zone, [NotNullWhen(false)] out UpdateOutcome? failure, out IReadOnlyList<ResourceRecord> evaluatedBefore)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(zone);
        evaluatedBefore = [];
        failure = Check(request.Answers, zone, "prerequisite", CheckPrerequisite, out int failed);
        if (failure is not null)
        {
            evaluatedBefore = [.. request.Answers.Take(failed).Where(record => record.Class != RecordClass.IN)];
            return false;
        }

        failure = Check(request.Authority, zone, "update", CheckUpdate, out _);
        if (failure is not null)
        {
            evaluatedBefore = request.Answers;
        }

        return failure is null;
    }

    /// <summary>An UPDATE checked by <see cref="TryCheckSections"/>, as the processor takes it.</summary>
    public static UpdateRequest ToRequest(Message request, DomainName zone, string source)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new UpdateRequest(zone, [.. request.Answers], [.. request.Authority], source);
    }

    private static UpdateOutcome? Check(List<ResourceRecord> section, DomainName zone, string what, Func<ResourceRecord, string?> check, out int failed)
    {
        for (failed = 0; failed < section.Count; failed++)
        {
            int i = failed;
            ResourceRecord record = section[i];
            if (!record.Name.IsSubdomainOf(zone))
            {
                return new UpdateOutcome(ResponseCode.NotZone, $"{what} {i + 1}: {record.Name} is outside zone {zone}");
            }

            if (check(record) is { } problem)
            {
                return new UpdateOutcome(ResponseCode.FormErr, $"{what} {i + 1} ({record.Name} {ResourceRecord.ClassMnemonic(record.Class)} {ResourceRecord.TypeMnemonic(record.Type)}): {problem}");
            }
        }

        return null;
    }

    // §2.4, §3.2: TTL zero; class ANY or NONE with empty RDATA (type ANY for the name forms), or class IN with an RRset's data.
    private static string? CheckPrerequisite(ResourceRecord record)
    {
        if (record.Ttl != 0)
        {
            return "a prerequisite's TTL must be 0";
        }

        return record.Class switch
        {
            RecordClass.ANY or RecordClass.NONE when !HasEmptyRdata(record) => "RDATA must be empty for class ANY or NONE",
            RecordClass.ANY or RecordClass.NONE when IsMeta(record.Type) && record.Type != RecordType.ANY => "not a type a zone holds",
            RecordClass.ANY or RecordClass.NONE => null,
            RecordClass.IN when IsMeta(record.Type) => "not a type a zone holds",
            RecordClass.IN => null,
            _ => "the class must be the zone's (IN), ANY or NONE",
        };
    }

    // §3.4.1.3: class IN adds (no meta type); ANY deletes (TTL 0, empty RDATA); NONE deletes an RR (TTL 0, not type ANY).
    private static string? CheckUpdate(ResourceRecord record) => record.Class switch
    {
        RecordClass.IN when IsMeta(record.Type) => "cannot add a meta type",
        RecordClass.IN => null,
        RecordClass.ANY when record.Ttl != 0 || !HasEmptyRdata(record) => "a deletion of class ANY has TTL 0 and empty RDATA",
        RecordClass.ANY when IsMeta(record.Type) && record.Type != RecordType.ANY => "cannot delete a meta type",
        RecordClass.ANY => null,
        RecordClass.NONE when record.Ttl != 0 => "a deletion of class NONE has TTL 0",
        RecordClass.NONE when IsMeta(record.Type) => "cannot delete a meta type",
        RecordClass.NONE => null,
        _ => "the class must be the zone's (IN), ANY or NONE",
    };

    private static bool HasEmptyRdata(ResourceRecord record) => record.Data is UnknownRdata { Data.IsEmpty: true };

    private static bool IsMeta(RecordType type) =>
        type is RecordType.ANY or RecordType.AXFR or RecordType.IXFR or RecordType.MAILA or RecordType.MAILB
            or RecordType.OPT or RecordType.TSIG or RecordType.TKEY;
}
