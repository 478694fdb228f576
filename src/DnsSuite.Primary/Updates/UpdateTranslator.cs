using DnsSuite.ChangeLog.Contract;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones.Updates;

namespace DnsSuite.Primary.Updates;

/// <summary>
/// Turns a checked RFC 2136 UPDATE into one change message with <see cref="ChangeMessage.Rfc2136"/> set, so that
/// every primary reading the log applies it with UPDATE's rules and computes the same RCODE.
/// </summary>
public static class UpdateTranslator
{
    public static ChangeMessage Translate(UpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ChangeMessage
        {
            Zone = request.Zone.ToString(),
            Prerequisites = Prerequisites(request.Prerequisites),
            Operations = [.. request.Updates.Select(Operation)],
            Rfc2136 = true,
            Source = $"UPDATE {request.Source}",
        };
    }

    // RFC 2136 §3.2.3: the value-dependent RRset prerequisites (class IN) are collected per name and type and compared
    // after every other prerequisite has been checked, so they come last, in order of first appearance.
    private static List<Prerequisite> Prerequisites(IReadOnlyList<ResourceRecord> records)
    {
        var result = new List<Prerequisite>();
        var equal = new List<(DomainName Name, RecordType Type, List<string> Rdata)>();
        foreach (ResourceRecord record in records)
        {
            string name = record.Name.ToString();
            string type = ResourceRecord.TypeMnemonic(record.Type);
            switch (record.Class, record.Type)
            {
                // §2.4.4 name is in use, §2.4.1 RRset exists (value independent).
                case (RecordClass.ANY, RecordType.ANY):
                    result.Add(new NameInUsePrerequisite { Name = name });
                    break;
                case (RecordClass.ANY, _):
                    result.Add(new RRsetExistsPrerequisite { Name = name, Type = type });
                    break;

                // §2.4.5 name is not in use, §2.4.3 RRset does not exist.
                case (RecordClass.NONE, RecordType.ANY):
                    result.Add(new NameNotInUsePrerequisite { Name = name });
                    break;
                case (RecordClass.NONE, _):
                    result.Add(new RRsetNotExistsPrerequisite { Name = name, Type = type });
                    break;

                // §2.4.2 RRset exists (value dependent).
                default:
                    int index = equal.FindIndex(set => set.Name == record.Name && set.Type == record.Type);
                    if (index < 0)
                    {
                        equal.Add((record.Name, record.Type, [record.Data.ToString()]));
                    }
                    else
                    {
                        equal[index].Rdata.Add(record.Data.ToString());
                    }

                    break;
            }
        }

        result.AddRange(equal.Select(set => new RRsetEqualsPrerequisite
        {
            Name = set.Name.ToString(),
            Type = ResourceRecord.TypeMnemonic(set.Type),
            Rdata = set.Rdata,
        }));
        return result;
    }

    private static ChangeOperation Operation(ResourceRecord record) => (record.Class, record.Type) switch
    {
        // §2.5.4 delete an RR, §2.5.3 delete all RRsets from a name, §2.5.2 delete an RRset, §2.5.1 add to an RRset.
        (RecordClass.NONE, _) => new DeleteOperation { Name = record.Name.ToString(), Type = ResourceRecord.TypeMnemonic(record.Type), Rdata = record.Data.ToString() },
        (RecordClass.ANY, RecordType.ANY) => new DeleteOperation { Name = record.Name.ToString() },
        (RecordClass.ANY, _) => new DeleteOperation { Name = record.Name.ToString(), Type = ResourceRecord.TypeMnemonic(record.Type) },
        _ => new AddOperation { Name = record.Name.ToString(), Ttl = ReadTtl(record.Ttl), Type = ResourceRecord.TypeMnemonic(record.Type), Rdata = record.Data.ToString() },
    };

    // RFC 2181 §8: a TTL with the most significant bit set is treated as if that bit, and every other, were zero.
    private static uint ReadTtl(uint ttl) => ttl > int.MaxValue ? 0 : ttl;
}
