using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using DnsSuite.Protocol.Text;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.Protocol.Records;

/// <summary>
/// SVCB and HTTPS (RFC 9460 §2.2): SvcPriority (0 is AliasMode), TargetName (never compressed, not
/// lower-cased in canonical form, "." allowed) and SvcParams, kept encoded in increasing key order.
/// </summary>
public sealed class SvcbRdata : Rdata
{
    private readonly byte[] _parameters;

    public SvcbRdata(RecordType type, ushort priority, DomainName target, IEnumerable<SvcParam> parameters)
        : this(type, priority, target, Encode(parameters))
    {
    }

    private SvcbRdata(RecordType type, ushort priority, DomainName target, byte[] parameters)
    {
        if (type is not (RecordType.SVCB or RecordType.HTTPS))
        {
            throw new ArgumentException($"{type} is not SVCB or HTTPS", nameof(type));
        }

        Type = type;
        Priority = priority;
        Target = target;
        _parameters = parameters;
    }

    public override RecordType Type { get; }

    public ushort Priority { get; }

    public bool IsAliasMode => Priority == 0;

    public DomainName Target { get; }

    /// <summary>The SvcParams in increasing key order (decoded on each call).</summary>
    public IReadOnlyList<SvcParam> Parameters =>
        [.. SvcParamCodec.Enumerate(_parameters).Select(p => new SvcParam((SvcParamKey)p.Key, _parameters.AsMemory(p.Offset, p.Length)))];

    public bool TryGetParameter(SvcParamKey key, out ReadOnlySpan<byte> value)
    {
        foreach ((ushort k, int offset, int length) in SvcParamCodec.Enumerate(_parameters))
        {
            if (k == (ushort)key)
            {
                value = _parameters.AsSpan(offset, length);
                return true;
            }
        }

        value = default;
        return false;
    }

    private static byte[] Encode(IEnumerable<SvcParam> parameters)
    {
        SvcParam[] sorted = [.. parameters.OrderBy(p => (ushort)p.Key)];
        var writer = new List<byte>();
        foreach (SvcParam p in sorted)
        {
            if (p.Value.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"SvcParam {SvcParamCodec.KeyName((ushort)p.Key)} is longer than 65535 octets", nameof(parameters));
            }

            writer.Add((byte)((ushort)p.Key >> 8));
            writer.Add((byte)p.Key);
            writer.Add((byte)(p.Value.Length >> 8));
            writer.Add((byte)p.Value.Length);
            writer.AddRange(p.Value.Span);
        }

        byte[] encoded = [.. writer];
        if (SvcParamCodec.ValidateList(encoded) is { } error)
        {
            throw new ArgumentException(error, nameof(parameters));
        }

        return encoded;
    }

    public override void WriteTo(ref DnsWriter writer, bool canonical = false)
    {
        writer.WriteUInt16(Priority);
        WriteEmbeddedName(ref writer, Target, canonical, compressible: false, lowerInCanonicalForm: false);
        writer.WriteBytes(_parameters);
    }

    internal static bool TryReadWire(RecordType type, ref DnsReader reader, [NotNullWhen(true)] out Rdata? value)
    {
        value = null;
        if (!reader.TryReadUInt16(out ushort priority) || !reader.TryReadName(out DomainName? target))
        {
            return false;
        }

        ReadOnlySpan<byte> parameters = reader.ReadRemaining();
        if (SvcParamCodec.ValidateList(parameters) is { } error)
        {
            return reader.Fail($"{type} {error}");
        }

        value = new SvcbRdata(type, priority, target, parameters.ToArray());
        return true;
    }

    internal static SvcbRdata ParseText(RecordType type, PresentationReader reader)
    {
        ushort priority = reader.ReadUInt16();
        DomainName target = reader.ReadName();
        var values = new SortedDictionary<ushort, byte[]>();
        ZoneToken? mandatoryToken = null;
        while (!reader.AtEnd)
        {
            ZoneToken token = reader.Next();
            int equals = token.Text.IndexOf('=', StringComparison.Ordinal);
            string keyText = equals < 0 ? token.Text : token.Text[..equals];
            if (token.IsQuoted || !SvcParamCodec.TryParseKey(keyText, out ushort key))
            {
                throw reader.Error(token, $"{type} SvcParam key: unknown key {Excerpt.Quote(keyText)}");
            }

            ZoneToken valueToken = ReadValueToken(reader, token, equals);
            byte[] value = SvcParamCodec.ParseValue(reader, valueToken, key, reader.Unescape(valueToken));
            if (!values.TryAdd(key, value))
            {
                throw reader.Error(token, $"{type} SvcParam key: duplicate key {SvcParamCodec.KeyName(key)}");
            }

            if (key == (ushort)SvcParamKey.Mandatory)
            {
                mandatoryToken = token;
            }
        }

        if (mandatoryToken is { } mandatory)
        {
            byte[] listed = values[(ushort)SvcParamKey.Mandatory];
            for (int i = 0; i < listed.Length; i += 2)
            {
                ushort required = BinaryPrimitives.ReadUInt16BigEndian(listed.AsSpan(i));
                if (!values.ContainsKey(required))
                {
                    throw reader.Error(mandatory, $"{type} SvcParam mandatory: key {SvcParamCodec.KeyName(required)} is not present");
                }
            }
        }

        if (values.ContainsKey((ushort)SvcParamKey.NoDefaultAlpn) && !values.ContainsKey((ushort)SvcParamKey.Alpn))
        {
            throw reader.ErrorAtEnd($"{type} SvcParam no-default-alpn: requires alpn (RFC 9460 §7.1.1)");
        }

        return new SvcbRdata(type, priority, target, values.Select(v => new SvcParam((SvcParamKey)v.Key, v.Value)));
    }

    /// <summary>
    /// The value of <c>key=value</c>: the rest of the token, or the quoted token written right after
    /// <c>key=</c> (the tokenizer splits <c>alpn="h2"</c> at the quote). No <c>=</c> means an empty value.
    /// </summary>
    private static ZoneToken ReadValueToken(PresentationReader reader, ZoneToken token, int equals)
    {
        if (equals < 0)
        {
            return token with { Text = "" };
        }

        if (equals + 1 < token.Text.Length)
        {
            return token with { Text = token.Text[(equals + 1)..], Column = token.Column + equals + 1 };
        }

        if (!reader.AtEnd && reader.Peek() is { IsQuoted: true } quoted && quoted.Line == token.Line && quoted.Column == token.Column + token.Text.Length)
        {
            return reader.Next();
        }

        return token with { Text = "", Column = token.Column + equals + 1 };
    }

    public override string ToString()
    {
        var sb = new StringBuilder().Append(Priority).Append(' ').Append(Target);
        foreach ((ushort key, int offset, int length) in SvcParamCodec.Enumerate(_parameters))
        {
            sb.Append(' ');
            SvcParamCodec.Append(sb, key, _parameters.AsSpan(offset, length));
        }

        return sb.ToString();
    }
}
