using DnsSuite.Protocol;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Tests.Wire;

public class DnsReaderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private delegate bool ReadStep(ref DnsReader reader);

    private static readonly (string Name, int Size, ReadStep Read)[] FixedReads =
    [
        ("byte", 1, (ref DnsReader r) => r.TryReadByte(out _)),
        ("uint16", 2, (ref DnsReader r) => r.TryReadUInt16(out _)),
        ("uint32", 4, (ref DnsReader r) => r.TryReadUInt32(out _)),
        ("uint48", 6, (ref DnsReader r) => r.TryReadUInt48(out _)),
        ("bytes(5)", 5, (ref DnsReader r) => r.TryReadBytes(5, out _)),
        ("character-string", 4, (ref DnsReader r) => r.TryReadCharacterString(out _)),
        ("slice(3)", 3, (ref DnsReader r) => r.TrySlice(3, out _)),
        ("name", 4, (ref DnsReader r) => r.TryReadName(out _)),
        ("skip name", 4, (ref DnsReader r) => r.TrySkipName()),
    ];

    [Test]
    public void EveryRead_AtTheEndOfTheBuffer_FailsWithoutMovingAndSucceedsWhenItFits()
    {
        // "\x03abc" is a character-string of 3 and also the start of a name; the name needs the root octet.
        byte[] data = Hex("03616263 00 0000");
        foreach ((string name, int size, ReadStep read) in FixedReads)
        {
            var shortReader = new DnsReader(data.AsSpan(0, size - 1));
            read(ref shortReader).ShouldBeFalse(name);
            shortReader.Position.ShouldBe(0, name);
            shortReader.Error.ShouldNotBeNullOrEmpty(name);

            int fits = name.Contains("name", StringComparison.Ordinal) ? size + 1 : size;
            var exactReader = new DnsReader(data.AsSpan(0, fits));
            read(ref exactReader).ShouldBeTrue(name);
            exactReader.Remaining.ShouldBe(0, name);
            exactReader.Error.ShouldBeNull(name);
        }
    }

    [Test]
    public void FixedWidthReads_AreBigEndian()
    {
        var reader = new DnsReader(Hex("01 0203 04050607 08090a0b0c0d"));
        reader.TryReadByte(out byte b).ShouldBeTrue();
        reader.TryReadUInt16(out ushort u16).ShouldBeTrue();
        reader.TryReadUInt32(out uint u32).ShouldBeTrue();
        reader.TryReadUInt48(out ulong u48).ShouldBeTrue();
        (b, u16, u32, u48).ShouldBe(((byte)1, (ushort)0x0203, 0x04050607u, 0x08090A0B0C0DUL));
        reader.ReadRemaining().IsEmpty.ShouldBeTrue();
    }

    [TestCase(-1)]
    [TestCase(int.MaxValue)]
    [TestCase(int.MaxValue - 1)]
    public void TryReadBytesAndTrySlice_AbsurdLengths_FailInsteadOfThrowing(int count)
    {
        var reader = new DnsReader(Hex("0102030405"));
        reader.TryReadByte(out _).ShouldBeTrue();
        reader.TryReadBytes(count, out _).ShouldBeFalse();
        reader.TrySlice(count, out _).ShouldBeFalse();
        reader.Position.ShouldBe(1);
    }

    [Test]
    public void ReadRemaining_StopsAtTheWindowEnd()
    {
        var reader = new DnsReader(Hex("0102030405"));
        reader.TryReadByte(out _).ShouldBeTrue();
        reader.TrySlice(2, out DnsReader window).ShouldBeTrue();
        window.ReadRemaining().ToArray().ShouldBe(new byte[] { 2, 3 });
        window.TryReadByte(out _).ShouldBeFalse();
        reader.Position.ShouldBe(3);
        reader.ReadRemaining().ToArray().ShouldBe(new byte[] { 4, 5 });
    }

    /// <summary>Reads a name starting at <paramref name="offset"/> of <paramref name="hex"/>.</summary>
    private static (bool Ok, string? Name, int Position, string? Error) ReadNameAt(string hex, int offset)
    {
        byte[] message = Hex(hex);
        var reader = new DnsReader(message);
        reader.TryReadBytes(offset, out _).ShouldBeTrue();
        bool ok = reader.TryReadName(out DomainName? name);
        return (ok, name?.ToString(), reader.Position, reader.Error);
    }

    [TestCase("03666f6f00 03626172c000", 5, "bar.foo.", 11)] // a pointer to an earlier name
    [TestCase("03666f6f00 c000 03626172c005", 7, "bar.foo.", 13)] // a pointer to a pointer
    [TestCase("03666f6f00 c000", 5, "foo.", 7)] // a name that is only a pointer
    [TestCase("0362617203666f6f00 c004", 9, "foo.", 11)] // a pointer into the middle of a name
    [TestCase("00 c000", 1, ".", 3)] // a pointer to the root
    public void TryReadName_ValidPointers_Expand(string hex, int offset, string expected, int positionAfter)
    {
        (bool ok, string? name, int position, string? error) = ReadNameAt(hex, offset);
        ok.ShouldBeTrue(error);
        name.ShouldBe(expected);
        position.ShouldBe(positionAfter);
    }

    [TestCase("c002 03666f6f00", 0, "compression pointer does not point backwards")] // forward pointer
    [TestCase("03666f6f00 c005", 5, "compression pointer does not point backwards")] // pointer to itself
    [TestCase("03666f6f00 c006", 5, "compression pointer does not point backwards")] // pointer into itself
    [TestCase("03666f6f00 c0", 5, "truncated compression pointer")]
    [TestCase("03666f6f00 ffff", 5, "compression pointer does not point backwards")] // far past the end
    [TestCase("03666f", 0, "truncated label")]
    [TestCase("03666f6f", 0, "truncated name")]
    [TestCase("", 0, "truncated name")]
    [TestCase("0566 c000", 2, "truncated label")] // the target's label runs past the end
    [TestCase("4100", 0, "unsupported label type (RFC 6891 §5 deprecates extended labels)")]
    [TestCase("03666f6f 8000", 0, "unsupported label type (RFC 6891 §5 deprecates extended labels)")]
    public void TryReadName_Malformed_FailsWithReason(string hex, int offset, string reason)
    {
        (bool ok, string? name, int position, string? error) = ReadNameAt(hex, offset);
        ok.ShouldBeFalse();
        name.ShouldBeNull();
        error.ShouldBe(reason);
        position.ShouldBe(offset);
    }

    [Test]
    public void TryReadName_PointerLoopThroughALabel_IsRejected()
    {
        // "a" then a pointer back to "a": a,a,a,... until a limit stops it.
        (bool ok, _, int position, string? error) = ReadNameAt("0161 c000", 0);
        ok.ShouldBeFalse();
        error.ShouldBeOneOf("name is longer than 255 octets", "too many compression pointers");
        position.ShouldBe(0);
    }

    [Test]
    public void TryReadName_PointerChainOver127Jumps_IsRejected()
    {
        // Offset 0 is the root; then 200 pointers, each to the one before it (all backwards, no labels).
        var message = new List<byte> { 0 };
        message.AddRange([0xC0, 0x00]);
        for (int i = 1; i < 200; i++)
        {
            int previous = 1 + (2 * (i - 1));
            message.AddRange([(byte)(0xC0 | (previous >> 8)), (byte)previous]);
        }

        (bool ok, _, _, string? error) = ReadNameAt(Convert.ToHexString([.. message]), message.Count - 2);
        ok.ShouldBeFalse();
        error.ShouldBe("too many compression pointers");

        (ok, string? name, _, error) = ReadNameAt(Convert.ToHexString([.. message]), 1 + (2 * 126));
        ok.ShouldBeTrue(error);
        name.ShouldBe(".");
    }

    private static string LongLabel(char c, int length) => length.ToString("x2") + Convert.ToHexString(Enumerable.Repeat((byte)c, length).ToArray());

    [Test]
    public void TryReadName_ExpandedThroughPointersOver255Octets_IsRejected()
    {
        // 0: 63 x 'a' + root (65 octets); 65: 63 x 'b' -> 0; 131: 63 x 'c' -> 65; then a last label pointing at 131.
        string prefix = LongLabel('a', 63) + "00" + LongLabel('b', 63) + "c000" + LongLabel('c', 63) + "c041";
        (bool ok, string? name, _, string? error) = ReadNameAt(prefix + LongLabel('d', 61) + "c083", 197);
        ok.ShouldBeTrue(error);
        DomainName.Parse(name!).WireLength.ShouldBe(255);

        (ok, _, _, error) = ReadNameAt(prefix + LongLabel('d', 62) + "c083", 197);
        ok.ShouldBeFalse();
        error.ShouldBe("name is longer than 255 octets");
    }

    [Test]
    public void TryReadName_IntoASpan_FillsUncompressedWireAndCountsLabels()
    {
        byte[] message = Hex("03666f6f00 03626172c000");
        var reader = new DnsReader(message);
        reader.TryReadBytes(5, out _).ShouldBeTrue();
        Span<byte> buffer = stackalloc byte[DomainName.MaxWireLength];
        reader.TryReadName(buffer, out int length, out int labels).ShouldBeTrue();
        Convert.ToHexString(buffer[..length]).ShouldBe("03626172" + "03666F6F00");
        labels.ShouldBe(2);
    }

    [Test]
    public void TryReadName_IntoATooSmallSpan_Fails()
    {
        var reader = new DnsReader(Hex("03666f6f00"));
        Span<byte> buffer = stackalloc byte[4];
        reader.TryReadName(buffer, out _, out _).ShouldBeFalse();
        reader.Position.ShouldBe(0);
    }

    [Test]
    public void TrySlice_NameInsideTheWindow_MayPointBeforeTheWindow()
    {
        // "foo." at 0, then a 2-octet window holding a pointer to it, then one more octet outside.
        var reader = new DnsReader(Hex("03666f6f00 c000 ff"));
        reader.TryReadBytes(5, out _).ShouldBeTrue();
        reader.TrySlice(2, out DnsReader window).ShouldBeTrue();
        window.TryReadName(out DomainName? name).ShouldBeTrue(window.Error);
        name!.ToString().ShouldBe("foo.");
        window.Remaining.ShouldBe(0);
        reader.Position.ShouldBe(7);
    }

    [Test]
    public void TrySlice_NameRunningPastTheWindow_IsTruncated()
    {
        var reader = new DnsReader(Hex("03666f6f00"));
        reader.TrySlice(3, out DnsReader window).ShouldBeTrue();
        window.TryReadName(out _).ShouldBeFalse();
        window.Error.ShouldBe("truncated label");

        reader = new DnsReader(Hex("03666f6f00 c000"));
        reader.TryReadBytes(5, out _).ShouldBeTrue();
        reader.TrySlice(1, out window).ShouldBeTrue();
        window.TryReadName(out _).ShouldBeFalse();
        window.Error.ShouldBe("truncated compression pointer");
    }

    [Test]
    public void TrySlice_PastTheEnd_Fails()
    {
        var reader = new DnsReader(Hex("0102"));
        reader.TrySlice(3, out _).ShouldBeFalse();
        reader.Error.ShouldBe("truncated: a 3-octet field runs past the end");
        reader.Position.ShouldBe(0);
    }

    [Test]
    public void TryReadCharacterString_ReadsLengthPrefixedOctets()
    {
        var reader = new DnsReader(Hex("00 026869 05"));
        reader.TryReadCharacterString(out ReadOnlySpan<byte> empty).ShouldBeTrue();
        empty.IsEmpty.ShouldBeTrue();
        reader.TryReadCharacterString(out ReadOnlySpan<byte> hi).ShouldBeTrue();
        hi.SequenceEqual("hi"u8).ShouldBeTrue();
        reader.TryReadCharacterString(out _).ShouldBeFalse();
    }
}
