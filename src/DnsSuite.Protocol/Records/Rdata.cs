using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// The RDATA of one record. Each RR type has its own sealed subclass; types without one are
/// <see cref="UnknownRdata"/> (RFC 3597), so every record round-trips byte for byte. Instances are immutable.
/// Equality is equality of the canonical wire form (RFC 4034 §6.2), which is what makes two
/// records duplicates of each other (RFC 2181 §5).
/// </summary>
public abstract class Rdata : IEquatable<Rdata>
{
    public abstract RecordType Type { get; }

    /// <summary>
    /// Writes the RDATA (not RDLENGTH). In <paramref name="canonical"/> form, embedded names are
    /// uncompressed and, for the types listed in RFC 4034 §6.2, lower-cased. Otherwise names are
    /// compressed only in the types RFC 3597 §4 allows (those of RFC 1035).
    /// </summary>
    public abstract void WriteTo(ref DnsWriter writer, bool canonical = false);

    /// <summary>The RDATA in presentation format (the rdata column of a zone file).</summary>
    public abstract override string ToString();

    /// <summary>Writes an embedded name following the compression and case rules described on <see cref="WriteTo"/>.</summary>
    protected static void WriteEmbeddedName(ref DnsWriter writer, DomainName name, bool canonical, bool compressible, bool lowerInCanonicalForm)
    {
        if (canonical && lowerInCanonicalForm && name.HasUpperCase)
        {
            // Lowered on the stack: canonical forms are built for every comparison and size of RDATA.
            Span<byte> lower = stackalloc byte[name.WireLength];
            name.Wire.CopyTo(lower);
            DomainName.LowerInPlace(lower);
            writer.WriteName(lower, compress: false);
        }
        else if (canonical)
        {
            writer.WriteName(name, compress: false);
        }
        else
        {
            writer.WriteName(name, compress: compressible);
        }
    }

    /// <summary>Reads RDATA of <paramref name="type"/> from a reader narrowed to exactly RDLENGTH octets.</summary>
    public static bool TryRead(RecordType type, ref DnsReader rdata, [NotNullWhen(true)] out Rdata? value)
    {
        if (!RdataCodec.TryRead(type, ref rdata, out value))
        {
            return false;
        }

        if (rdata.Remaining != 0)
        {
            value = null;
            return rdata.Fail($"{type} RDATA has {rdata.Remaining} octets beyond its fields");
        }

        return true;
    }

    /// <summary>Decodes RDATA from uncompressed wire octets.</summary>
    public static Rdata FromWire(RecordType type, ReadOnlySpan<byte> wire)
    {
        var reader = new DnsReader(wire);
        if (!TryRead(type, ref reader, out Rdata? value))
        {
            throw new FormatException($"invalid {type} RDATA: {reader.Error}");
        }

        return value;
    }

    /// <summary>
    /// Parses RDATA in presentation format. Any type accepts the RFC 3597 §5 generic form
    /// <c>\# length hex</c>, which is decoded with the type's wire format when the type is known.
    /// </summary>
    public static Rdata Parse(RecordType type, PresentationReader reader)
    {
        if (!reader.AtEnd && reader.Peek() is { IsQuoted: false, Text: "\\#" })
        {
            return ParseGeneric(type, reader);
        }

        Rdata value = RdataCodec.Parse(type, reader);
        reader.ExpectEnd();
        return value;
    }

    /// <summary>Parses RDATA text such as <c>"10 mail.example."</c> with names relative to <paramref name="origin"/>.</summary>
    public static Rdata Parse(RecordType type, string text, DomainName? origin = null) =>
        // The commonest RDATA of a change message, read without a tokenizer; anything else (blanks, errors) takes the full path.
        type == RecordType.A && PresentationReader.TryParseIPv4(text, out uint address)
            ? new ARdata(address)
            : Parse(type, new PresentationReader(ZoneTokenizer.Tokenize(text), origin ?? DomainName.Root));

    private static Rdata ParseGeneric(RecordType type, PresentationReader reader)
    {
        ZoneToken marker = reader.Next();
        ushort length = reader.ReadUInt16();
        byte[] data = reader.AtEnd ? [] : reader.ReadHexToEnd();
        if (data.Length != length)
        {
            throw reader.Error(marker, $"generic RDATA says {length} octets but has {data.Length}");
        }

        var wire = new DnsReader(data);
        if (!TryRead(type, ref wire, out Rdata? value))
        {
            throw reader.Error(marker, $"generic RDATA is not valid {type} data: {wire.Error}");
        }

        return value;
    }

    private delegate T CanonicalWireReader<T>(ReadOnlySpan<byte> wire);

    /// <summary>The canonical wire form (RFC 4034 §6.2).</summary>
    public byte[] ToCanonicalWire() => WithCanonicalWire(static wire => wire.ToArray());

    /// <summary>
    /// The length of the canonical wire form (that of any uncompressed wire form), without building an array of it;
    /// <see cref="TooLong"/> when it is more than the 65,535 octets RDLENGTH can say (RFC 1035 §3.2.1): such RDATA
    /// exists only as text and can never be sent.
    /// </summary>
    public int CanonicalWireLength() => WithCanonicalWire(static wire => wire.Length);

    /// <summary>What <see cref="CanonicalWireLength"/> returns for RDATA longer than RDLENGTH can say.</summary>
    public const int TooLong = ushort.MaxValue + 1;

    private T WithCanonicalWire<T>(CanonicalWireReader<T> read)
    {
        // One octet more than RDLENGTH allows: RDATA that fills it (or overflows it) is too long to exist on the wire.
        byte[] rented = ArrayPool<byte>.Shared.Rent(TooLong);
        try
        {
            var writer = new DnsWriter(rented.AsSpan(0, TooLong));
            WriteTo(ref writer, canonical: true);
            return read(writer.Overflow ? rented.AsSpan(0, TooLong) : writer.Written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Orders RDATA by canonical wire form (RFC 4034 §6.3), the order of records within an RRset.</summary>
    public static int CompareCanonical(Rdata a, Rdata b)
    {
        if (ReferenceEquals(a, b))
        {
            return 0;
        }

        int typeOrder = ((ushort)a.Type).CompareTo((ushort)b.Type);
        if (typeOrder != 0)
        {
            return typeOrder;
        }

        byte[] left = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        byte[] right = ArrayPool<byte>.Shared.Rent(ushort.MaxValue);
        try
        {
            var lw = new DnsWriter(left);
            a.WriteTo(ref lw, canonical: true);
            var rw = new DnsWriter(right);
            b.WriteTo(ref rw, canonical: true);
            return lw.Written.SequenceCompareTo(rw.Written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(left);
            ArrayPool<byte>.Shared.Return(right);
        }
    }

    public static IComparer<Rdata> CanonicalComparer { get; } = Comparer<Rdata>.Create(CompareCanonical);

    public bool Equals(Rdata? other) => other is not null && CompareCanonical(this, other) == 0;

    public override bool Equals(object? obj) => Equals(obj as Rdata);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(ToCanonicalWire());
        return hash.ToHashCode();
    }
}
