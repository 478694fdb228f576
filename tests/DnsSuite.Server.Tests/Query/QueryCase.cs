using DnsSuite.Protocol;

namespace DnsSuite.Server.Tests.Query;

/// <summary>One row of a query table: the question, and the expected RCODE, AA and sections as zone-file lines.</summary>
public sealed record QueryCase(
    string Name,
    RecordType Type,
    ResponseCode ResponseCode,
    bool Authoritative,
    string[] Answer,
    string[]? Authority = null,
    string[]? Additional = null)
{
    public override string ToString() => $"{Name} {Type}";
}
