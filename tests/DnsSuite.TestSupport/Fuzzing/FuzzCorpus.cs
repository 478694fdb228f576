using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using static DnsSuite.TestSupport.Records;

namespace DnsSuite.TestSupport.Fuzzing;

/// <summary>Seed packets for fuzzing: the golden captures under tests/data/wire plus messages built here.</summary>
public static class FuzzCorpus
{
    /// <summary>Every <c>*.hex</c> file in <paramref name="directory"/> (one packet each, hex on one line).</summary>
    public static IReadOnlyList<byte[]> LoadHexFiles(string directory) =>
        [.. Directory.GetFiles(directory, "*.hex").Order(StringComparer.Ordinal).Select(f => Convert.FromHexString(File.ReadAllText(f).Trim()))];

    /// <summary>Messages that cover what the captures do not: every section, EDNS options, TSIG, UPDATE forms.</summary>
    public static IReadOnlyList<byte[]> Generated()
    {
        var response = new Message
        {
            Id = 0xBEEF,
            Flags = HeaderFlags.QR | HeaderFlags.AA | HeaderFlags.RD,
            ResponseCode = ResponseCode.BadVers,
            Edns = new Edns(4096, 0, true, [new EdnsOption(EdnsOption.Cookie, [1, 2, 3, 4, 5, 6, 7, 8]), new EdnsOption(EdnsOption.Nsid, [])]),
            Questions = { new Question(DomainName.Parse("www.example."), RecordType.A) },
            Answers =
            {
                Rr("www.example. 300 IN CNAME host.example."),
                Rr("host.example. 300 IN A 192.0.2.1"),
                Rr("host.example. 300 IN AAAA 2001:db8::1"),
                Rr("host.example. 300 IN TXT \"a\\\"b\" \"\""),
                Rr("example. 300 IN MX 10 mail.example."),
                Rr("_sip._udp.example. 300 IN SRV 1 2 5060 host.example."),
            },
            Authority = { Rr("example. 300 IN SOA ns1.example. hostmaster.example. 1 7200 3600 1209600 300") },
            Additional =
            {
                Rr("ns1.example. 300 IN A 192.0.2.53"),
                new ResourceRecord(DomainName.Parse("key.example."), RecordClass.ANY, 0,
                    new TsigRdata(DomainName.Parse("hmac-sha256."), 1_700_000_000, 300, new byte[32], 0xBEEF, ResponseCode.NoError, [])),
            },
        };

        var update = new Message
        {
            Id = 7,
            OpCode = OpCode.Update,
            Questions = { new Question(DomainName.Parse("example."), RecordType.SOA) },
            Answers = { new ResourceRecord(DomainName.Parse("gone.example."), RecordClass.NONE, 0, new UnknownRdata(RecordType.A, [])) },
            Authority =
            {
                new ResourceRecord(DomainName.Parse("old.example."), RecordClass.ANY, 0, new UnknownRdata(RecordType.ANY, [])),
                Rr("new.example. 60 IN A 192.0.2.7"),
            },
        };

        return
        [
            Message.CreateQuery(DomainName.Parse("WwW.Example."), RecordType.AAAA, 1, new Edns(1232, 0, true)).ToArray(),
            response.ToArray(),
            update.ToArray(),
        ];
    }
}
