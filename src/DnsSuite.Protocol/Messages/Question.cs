using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Messages;

/// <summary>A question section entry (RFC 1035 §4.1.2); in UPDATE it is the zone section (RFC 2136 §2.3).</summary>
public sealed record Question(DomainName Name, RecordType Type, RecordClass Class = RecordClass.IN)
{
    public void WriteTo(ref DnsWriter writer)
    {
        writer.WriteName(Name);
        writer.WriteUInt16((ushort)Type);
        writer.WriteUInt16((ushort)Class);
    }

    public static bool TryRead(ref DnsReader reader, [NotNullWhen(true)] out Question? question)
    {
        question = null;
        if (!reader.TryReadName(out DomainName? name) || !reader.TryReadUInt16(out ushort type) || !reader.TryReadUInt16(out ushort @class))
        {
            return false;
        }

        question = new Question(name, (RecordType)type, (RecordClass)@class);
        return true;
    }

    public override string ToString() => $"{Name} {ResourceRecord.ClassMnemonic(Class)} {ResourceRecord.TypeMnemonic(Type)}";
}
