using DnsSuite.Protocol.Records;

namespace DnsSuite.Protocol.Tsig;

/// <summary>A TSIG record found at the end of a message: where it starts, its owner (the key name) and its RDATA.</summary>
internal sealed record TsigRecordLocation(int Offset, DomainName KeyName, TsigRdata Record);
