using DnsSuite.Protocol.Text;
using System.Text;

namespace DnsSuite.Protocol;

/// <summary>
/// An absolute domain name, stored as its uncompressed wire form (RFC 1035 §3.1) with the case it
/// was given. Equality and hashing ignore ASCII case (RFC 4343); <see cref="CompareCanonical"/> is
/// the DNSSEC canonical order (RFC 4034 §6.1).
/// </summary>
public sealed class DomainName : IEquatable<DomainName>
{
    public const int MaxWireLength = 255;
    public const int MaxLabelLength = 63;

    public static readonly DomainName Root = new([0], 0);

    private readonly byte[] _wire;

    // Computed once: every zone lookup compares it before touching the wire octets, and it fills the
    // object's padding, so it costs no memory.
    private readonly int _hash;

    private DomainName(byte[] wire, int labelCount)
    {
        _wire = wire;
        LabelCount = labelCount;
        _hash = ComputeHash(wire);
    }

    /// <summary>The uncompressed wire form, ending with the root label.</summary>
    public ReadOnlySpan<byte> Wire => _wire;

    /// <summary>Number of labels, not counting the root label.</summary>
    public int LabelCount { get; }

    public int WireLength => _wire.Length;

    public bool IsRoot => LabelCount == 0;

    /// <summary>True when the first label is <c>*</c> (RFC 4592 §2.1.1).</summary>
    public bool IsWildcard => _wire[0] == 1 && _wire[1] == (byte)'*';

    /// <summary>Creates a name from validated, uncompressed wire bytes (copied).</summary>
    public static DomainName FromWire(ReadOnlySpan<byte> wire)
    {
        if (!TryValidateWire(wire, out int labels, out string? error))
        {
            throw new FormatException(error);
        }

        return new DomainName(wire.ToArray(), labels);
    }

    internal static DomainName FromTrustedWire(byte[] wire, int labelCount) => new(wire, labelCount);

    internal static bool TryValidateWire(ReadOnlySpan<byte> wire, out int labelCount, out string? error)
    {
        labelCount = 0;
        if (wire.Length > MaxWireLength)
        {
            error = "name is longer than 255 octets";
            return false;
        }

        int i = 0;
        while (i < wire.Length)
        {
            int len = wire[i];
            if (len == 0)
            {
                if (i != wire.Length - 1)
                {
                    error = "root label before the end of the name";
                    return false;
                }

                error = null;
                return true;
            }

            if (len > MaxLabelLength)
            {
                error = "label longer than 63 octets";
                return false;
            }

            i += len + 1;
            labelCount++;
        }

        error = "name does not end with the root label";
        return false;
    }

    /// <summary>Parses presentation format; a name without a trailing dot is relative to <paramref name="origin"/>.</summary>
    public static DomainName Parse(string text, DomainName? origin = null)
    {
        if (!TryParse(text, origin, out DomainName? name, out string? error))
        {
            throw new FormatException($"invalid domain name {Excerpt.Quote(text)}: {error}");
        }

        return name;
    }

    /// <summary>
    /// Parses presentation format (RFC 1035 §5.1): labels separated by dots, <c>\X</c> and <c>\DDD</c>
    /// escapes, <c>@</c> for the origin. A name without a trailing dot is relative to <paramref name="origin"/>.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<char> text,
        DomainName? origin,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomainName? name,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        name = null;
        if (text.Length == 0)
        {
            error = "empty name";
            return false;
        }

        if (text is "@")
        {
            if (origin is null)
            {
                error = "'@' used without an origin";
                return false;
            }

            name = origin;
            error = null;
            return true;
        }

        if (text is ".")
        {
            name = Root;
            error = null;
            return true;
        }

        Span<byte> buffer = stackalloc byte[MaxWireLength + 1];
        int length = 0;
        int labelStart = 0;
        int labels = 0;
        bool absolute = false;
        buffer[0] = 0;
        length = 1;

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '.')
            {
                if (!CloseLabel(buffer, labelStart, length, ref labels, out error))
                {
                    return false;
                }

                if (i == text.Length - 1)
                {
                    absolute = true;
                    break;
                }

                labelStart = length;
                buffer[length++] = 0;
                continue;
            }

            int value;
            bool decimalEscape = false;
            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    error = "dangling escape at the end";
                    return false;
                }

                if (char.IsAsciiDigit(text[i + 1]))
                {
                    if (i + 3 >= text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
                    {
                        error = "\\DDD escape needs three digits";
                        return false;
                    }

                    value = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
                    if (value > 255)
                    {
                        error = "\\DDD escape above 255";
                        return false;
                    }

                    i += 3;
                    decimalEscape = true;
                }
                else
                {
                    value = text[i + 1];
                    i++;
                }
            }
            else
            {
                value = c;
                // A blank or control octet is written as an escape (\032, \000); raw, it is a syntax error as BIND has it.
                if (c is <= ' ' or '\u007F')
                {
                    error = "a blank or control character (write it as a \\DDD escape)";
                    return false;
                }
            }

            if (value > 0x7F && !decimalEscape)
            {
                error = "non-ASCII character (use \\DDD escapes)";
                return false;
            }

            if (length - labelStart - 1 >= MaxLabelLength)
            {
                error = "label longer than 63 octets";
                return false;
            }

            if (length >= MaxWireLength)
            {
                error = "name is longer than 255 octets";
                return false;
            }

            buffer[length++] = (byte)value;
        }

        if (!absolute)
        {
            if (!CloseLabel(buffer, labelStart, length, ref labels, out error))
            {
                return false;
            }

            if (origin is null)
            {
                error = "relative name without an origin";
                return false;
            }

            if (length + origin.WireLength > MaxWireLength)
            {
                error = "name is longer than 255 octets";
                return false;
            }

            origin.Wire.CopyTo(buffer[length..]);
            length += origin.WireLength;
            labels += origin.LabelCount;
        }
        else
        {
            if (length + 1 > MaxWireLength)
            {
                error = "name is longer than 255 octets";
                return false;
            }

            buffer[length++] = 0;
        }

        name = new DomainName(buffer[..length].ToArray(), labels);
        error = null;
        return true;
    }

    /// <summary>Writes the length octet of the label that started at <paramref name="labelStart"/>; an empty label is an error.</summary>
    private static bool CloseLabel(Span<byte> buffer, int labelStart, int length, ref int labels, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        int labelLength = length - labelStart - 1;
        if (labelLength == 0)
        {
            error = "empty label";
            return false;
        }

        buffer[labelStart] = (byte)labelLength;
        labels++;
        error = null;
        return true;
    }

    /// <summary>The name with the first label removed; the root has no parent.</summary>
    public DomainName Parent()
    {
        if (IsRoot)
        {
            throw new InvalidOperationException("the root name has no parent");
        }

        return new DomainName(_wire.AsSpan(_wire[0] + 1).ToArray(), LabelCount - 1);
    }

    /// <summary>The rightmost <paramref name="labelCount"/> labels of this name.</summary>
    public DomainName Suffix(int labelCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(labelCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(labelCount, LabelCount);
        if (labelCount == LabelCount)
        {
            return this;
        }

        int offset = 0;
        for (int skip = LabelCount - labelCount; skip > 0; skip--)
        {
            offset += _wire[offset] + 1;
        }

        return new DomainName(_wire.AsSpan(offset).ToArray(), labelCount);
    }

    /// <summary>A new name with <paramref name="label"/> (raw octets) in front of this one.</summary>
    public DomainName Prepend(ReadOnlySpan<byte> label)
    {
        if (label.Length is 0 or > MaxLabelLength)
        {
            throw new ArgumentException("a label has 1 to 63 octets", nameof(label));
        }

        if (_wire.Length + label.Length + 1 > MaxWireLength)
        {
            throw new ArgumentException("the resulting name would be longer than 255 octets", nameof(label));
        }

        var wire = new byte[_wire.Length + label.Length + 1];
        wire[0] = (byte)label.Length;
        label.CopyTo(wire.AsSpan(1));
        _wire.CopyTo(wire.AsSpan(label.Length + 1));
        return new DomainName(wire, LabelCount + 1);
    }

    public DomainName Prepend(string label) => Prepend(Encoding.ASCII.GetBytes(label));

    /// <summary>The first label's raw octets.</summary>
    public ReadOnlySpan<byte> FirstLabel => IsRoot ? [] : _wire.AsSpan(1, _wire[0]);

    /// <summary>Replaces the <paramref name="oldSuffix"/> of this name by <paramref name="newSuffix"/> (DNAME substitution, RFC 6672 §2.2).</summary>
    public bool TryReplaceSuffix(DomainName oldSuffix, DomainName newSuffix, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomainName? result)
    {
        result = null;
        if (!IsSubdomainOf(oldSuffix))
        {
            return false;
        }

        int prefixLength = _wire.Length - oldSuffix.WireLength;
        int length = prefixLength + newSuffix.WireLength;
        if (length > MaxWireLength)
        {
            return false;
        }

        var wire = new byte[length];
        _wire.AsSpan(0, prefixLength).CopyTo(wire);
        newSuffix.Wire.CopyTo(wire.AsSpan(prefixLength));
        result = new DomainName(wire, LabelCount - oldSuffix.LabelCount + newSuffix.LabelCount);
        return true;
    }

    /// <summary>True when this name equals <paramref name="ancestor"/> or is below it.</summary>
    public bool IsSubdomainOf(DomainName ancestor)
    {
        if (ancestor.LabelCount > LabelCount)
        {
            return false;
        }

        int offset = 0;
        for (int skip = LabelCount - ancestor.LabelCount; skip > 0; skip--)
        {
            offset += _wire[offset] + 1;
        }

        return WireEquals(_wire.AsSpan(offset), ancestor._wire);
    }

    public DomainName ToLowerInvariant()
    {
        if (!HasUpperCase)
        {
            return this;
        }

        var lower = (byte[])_wire.Clone();
        LowerInPlace(lower);
        return new DomainName(lower, LabelCount);
    }

    /// <summary>Whether the name has an upper-case ASCII letter (length octets are never letters).</summary>
    public bool HasUpperCase => _wire.AsSpan().ContainsAnyInRange((byte)'A', (byte)'Z');

    /// <summary>Lower-cases ASCII letters of an uncompressed wire name in place. Length octets are never letters.</summary>
    public static void LowerInPlace(Span<byte> wire)
    {
        for (int i = 0; i < wire.Length; i++)
        {
            if (wire[i] is >= (byte)'A' and <= (byte)'Z')
            {
                wire[i] |= 0x20;
            }
        }
    }

    /// <summary>Case-insensitive comparison of two uncompressed wire names.</summary>
    public static bool WireEquals(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            byte x = a[i];
            byte y = b[i];
            if (x != y && (x | 0x20) != (y | 0x20))
            {
                return false;
            }

            if (x != y && !IsAsciiLetter(x | 0x20))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAsciiLetter(int lower) => lower is >= 'a' and <= 'z';

    /// <summary>
    /// Case-insensitive hash of an uncompressed wire name. <see cref="GetHashCode"/> returns the same
    /// value, so lookups can hash a name straight from a packet.
    /// </summary>
    public static int ComputeHash(ReadOnlySpan<byte> wire)
    {
        uint hash = 2166136261;
        foreach (byte b in wire)
        {
            uint c = b is >= (byte)'A' and <= (byte)'Z' ? (uint)(b | 0x20) : b;
            hash = (hash ^ c) * 16777619;
        }

        // FNV's low bits mix poorly; finish with a murmur3 avalanche since hash tries use the low bits.
        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        hash ^= hash >> 16;
        return (int)hash;
    }

    /// <summary>RFC 4034 §6.1 canonical ordering: labels compared right to left as lower-cased octet strings.</summary>
    public static int CompareCanonical(DomainName a, DomainName b)
    {
        Span<byte> aOffsets = stackalloc byte[128];
        Span<byte> bOffsets = stackalloc byte[128];
        int aCount = LabelOffsets(a._wire, aOffsets);
        int bCount = LabelOffsets(b._wire, bOffsets);
        int ai = aCount - 1;
        int bi = bCount - 1;
        while (ai >= 0 && bi >= 0)
        {
            ReadOnlySpan<byte> la = a._wire.AsSpan(aOffsets[ai] + 1, a._wire[aOffsets[ai]]);
            ReadOnlySpan<byte> lb = b._wire.AsSpan(bOffsets[bi] + 1, b._wire[bOffsets[bi]]);
            int c = CompareLabel(la, lb);
            if (c != 0)
            {
                return c;
            }

            ai--;
            bi--;
        }

        return aCount.CompareTo(bCount);
    }

    private static int LabelOffsets(byte[] wire, Span<byte> offsets)
    {
        int count = 0;
        int i = 0;
        while (wire[i] != 0)
        {
            offsets[count++] = (byte)i;
            i += wire[i] + 1;
        }

        return count;
    }

    private static int CompareLabel(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            int x = a[i] is >= (byte)'A' and <= (byte)'Z' ? a[i] | 0x20 : a[i];
            int y = b[i] is >= (byte)'A' and <= (byte)'Z' ? b[i] | 0x20 : b[i];
            if (x != y)
            {
                return x - y;
            }
        }

        return a.Length - b.Length;
    }

    public static IComparer<DomainName> CanonicalComparer { get; } = Comparer<DomainName>.Create(CompareCanonical);

    public bool Equals(DomainName? other) => other is not null && (ReferenceEquals(this, other) || WireEquals(_wire, other._wire));

    public override bool Equals(object? obj) => Equals(obj as DomainName);

    public override int GetHashCode() => _hash;

    public static bool operator ==(DomainName? a, DomainName? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(DomainName? a, DomainName? b) => !(a == b);

    /// <summary>Presentation format with a trailing dot, escaping special and non-printable octets.</summary>
    public override string ToString()
    {
        if (IsRoot)
        {
            return ".";
        }

        var sb = new StringBuilder(_wire.Length + 4);
        AppendPresentation(_wire, sb);
        return sb.ToString();
    }

    /// <summary>This name relative to <paramref name="origin"/> (<c>@</c> for the origin itself), or absolute when not below it.</summary>
    public string ToString(DomainName? origin)
    {
        if (origin is null || !IsSubdomainOf(origin) || origin.IsRoot)
        {
            return ToString();
        }

        if (LabelCount == origin.LabelCount)
        {
            return "@";
        }

        var sb = new StringBuilder(_wire.Length);
        AppendPresentation(_wire.AsSpan(0, _wire.Length - origin.WireLength), sb);
        sb.Length--; // the trailing dot
        return sb.ToString();
    }

    private static void AppendPresentation(ReadOnlySpan<byte> wire, StringBuilder sb)
    {
        int i = 0;
        while (i < wire.Length && wire[i] != 0)
        {
            int len = wire[i];
            AppendLabel(wire.Slice(i + 1, len), sb);
            sb.Append('.');
            i += len + 1;
        }
    }

    /// <summary>Appends one label in presentation format (RFC 4343 §2.1 escapes).</summary>
    public static void AppendLabel(ReadOnlySpan<byte> label, StringBuilder sb)
    {
        foreach (byte b in label)
        {
            if (b is (byte)'.' or (byte)'\\' or (byte)'"' or (byte)'(' or (byte)')' or (byte)';' or (byte)'@' or (byte)'$')
            {
                sb.Append('\\').Append((char)b);
            }
            else if (b is < 0x21 or > 0x7E)
            {
                sb.Append('\\').Append((b / 100).ToString(System.Globalization.CultureInfo.InvariantCulture))
                  .Append((b / 10 % 10).ToString(System.Globalization.CultureInfo.InvariantCulture))
                  .Append((b % 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append((char)b);
            }
        }
    }
}
