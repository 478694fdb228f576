using System.Buffers.Binary;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;

namespace DnsSuite.Protocol.Tests.Tsig;

/// <summary>Messages, keys and wire surgery for the TSIG tests.</summary>
internal static class TsigTestMessages
{
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    public static TsigKey Key(TsigAlgorithm algorithm, string name = "transfer.example.", byte seed = 1) =>
        new(DomainName.Parse(name), algorithm, Enumerable.Range(seed, 32).Select(i => (byte)i).ToArray());

    public static byte[] Query(string name = "www.example.", ushort id = 0x1234) =>
        Message.CreateQuery(DomainName.Parse(name), RecordType.A, id).ToArray();

    /// <summary>A response to <see cref="Query"/> whose answer section holds the given zone-file lines.</summary>
    public static byte[] Response(ushort id = 0x1234, params string[] answers)
    {
        var message = new Message { Id = id, Flags = HeaderFlags.QR | HeaderFlags.AA, Questions = { new Question(DomainName.Parse("www.example."), RecordType.A) } };
        foreach (string line in answers.DefaultIfEmpty("www.example. 300 IN A 192.0.2.1"))
        {
            message.Answers.Add(Rr(line));
        }

        return message.ToArray();
    }

    /// <summary>One record from a zone-file line: owner TTL class type rdata.</summary>
    public static ResourceRecord Rr(string line)
    {
        string[] fields = line.Split(' ', 5);
        RecordType type = Enum.Parse<RecordType>(fields[3]);
        return new ResourceRecord(DomainName.Parse(fields[0]), Enum.Parse<RecordClass>(fields[2]), uint.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), Rdata.Parse(type, fields[4], DomainName.Root));
    }

    public static TsigRecordLocation Locate(byte[] signed)
    {
        TsigWire.TryLocate(signed, out TsigRecordLocation? tsig, out string? error).ShouldBeTrue(error);
        return tsig.ShouldNotBeNull();
    }

    /// <summary>The signed message with its TSIG record replaced by <paramref name="change"/>'s result.</summary>
    public static byte[] ReplaceTsig(byte[] signed, Func<TsigRdata, TsigRdata> change)
    {
        TsigRecordLocation tsig = Locate(signed);
        byte[] unsigned = signed[..tsig.Offset];
        BinaryPrimitives.WriteUInt16BigEndian(unsigned.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(unsigned.AsSpan(10)) - 1));
        return TsigWire.AppendRecord(unsigned, tsig.KeyName, change(tsig.Record));
    }

    public static TsigRdata WithMac(TsigRdata r, byte[] mac) => new(r.Algorithm, r.TimeSigned, r.Fudge, mac, r.OriginalId, r.Error, r.OtherData.ToArray());

    /// <summary>Appends an A record to the additional section after everything else, and counts it.</summary>
    public static byte[] AppendAdditionalRecord(byte[] message)
    {
        byte[] record = [0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1];
        byte[] result = [.. message, .. record];
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(10), (ushort)(BinaryPrimitives.ReadUInt16BigEndian(result.AsSpan(10)) + 1));
        return result;
    }

}
