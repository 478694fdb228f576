using System.Collections.Frozen;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Protocol.Text;

/// <summary>
/// Reads master files (RFC 1035 §5) into resource records: <c>$ORIGIN</c>, <c>$TTL</c> (RFC 2308 §4),
/// <c>$INCLUDE</c>, <c>@</c>, relative names, omitted owner, TTL and class, TTL units and the RFC 3597
/// generic forms. TTL defaults follow BIND: <c>$TTL</c> when set; else the previous record's TTL; a first
/// SOA without any TTL takes its MINIMUM field (with a warning) and that becomes the default.
/// Zone semantics (apex, out-of-zone names, CNAME rules) are the zone model's job, not this reader's.
/// </summary>
public static class ZoneFileReader
{
    private const int MaxIncludeDepth = 20;

    /// <summary>How much of a file's head <see cref="ReadOriginDirective"/> reads.</summary>
    private const int OriginHeadBytes = 64 * 1024;

    private static readonly FrozenDictionary<string, RecordType> TypesByMnemonic =
        Enum.GetValues<RecordType>().ToFrozenDictionary(t => t.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Reads zone-file text. <c>$INCLUDE</c> paths are relative to the including file's folder; they may name files in
    /// that folder (for the top text: <paramref name="fileName"/>'s folder; text without a file has none) or in
    /// <see cref="ZoneFileOptions.IncludeDirectories"/>, within <paramref name="options"/>' limits.
    /// </summary>
    public static IEnumerable<ResourceRecord> Read(string text, DomainName origin, string? fileName = null, Action<ZoneFormatException>? onWarning = null, ZoneFileOptions? options = null)
    {
        foreach (LocatedRecord located in ReadLocated(text, origin, fileName, onWarning, options))
        {
            yield return located.Record;
        }
    }

    /// <summary>As <see cref="Read"/>, with the file (that of an <c>$INCLUDE</c> for the records it holds) and line of each record.</summary>
    public static IEnumerable<LocatedRecord> ReadLocated(string text, DomainName origin, string? fileName = null, Action<ZoneFormatException>? onWarning = null, ZoneFileOptions? options = null)
    {
        // Each enumeration starts from fresh state ($TTL, previous owner, open includes).
        options ??= ZoneFileOptions.Default;
        string? fullPath = fileName is null ? null : Path.GetFullPath(fileName);
        var state = new ReaderState(onWarning, options, fullPath);
        if (fullPath is not null)
        {
            state.OpenFiles.Add(fullPath);
        }

        state.Charge(text, fileName, line: 0, column: 0);
        state.CheckLines(text, fileName);
        foreach (LocatedRecord record in ReadEntries(text, fileName, fullPath, origin, state, depth: 0))
        {
            yield return record;
        }
    }

    /// <summary>Reads a zone file from disk.</summary>
    public static IEnumerable<ResourceRecord> ReadFile(string path, DomainName origin, Action<ZoneFormatException>? onWarning = null, ZoneFileOptions? options = null) =>
        Read(ReadText(path, options), origin, path, onWarning, options);

    /// <summary>
    /// The text of a zone file, read as <c>$INCLUDE</c> reads one: a file that reports no size (a device, a FIFO, a
    /// /proc file) reads as empty without being opened, /proc, /sys and /dev are refused, and no more than
    /// <see cref="ZoneFileOptions.MaxBytes"/> is read. Throws <see cref="ZoneFormatException"/> naming the file.
    /// </summary>
    public static string ReadText(string path, ZoneFileOptions? options = null)
    {
        options ??= ZoneFileOptions.Default;
        string real = ZoneFileAccess.RealPath(path);
        if (ZoneFileAccess.IsPseudoFile(real))
        {
            throw new ZoneFormatException($"{Excerpt.Quote(path)} is a file of the kernel's ({real}), not a zone file", path, 0, 0);
        }

        return ZoneFileAccess.ReadText(real, options.MaxBytes)
            ?? throw new ZoneFormatException($"the file is larger than Server:ZoneFiles:MaxBytes ({options.MaxBytes} octets)", path, 0, 0);
    }

    /// <summary>
    /// Parses one record such as <c>www.example. 300 IN A 192.0.2.1</c>. The owner and TTL are required;
    /// the class defaults to IN; relative names are relative to <paramref name="origin"/> (the root when null).
    /// </summary>
    public static ResourceRecord ParseRecord(string line, DomainName? origin = null)
    {
        origin ??= DomainName.Root;
        ZoneLine[] entries = [.. ZoneTokenizer.ReadLines(line, file: null)];
        if (entries.Length != 1)
        {
            throw new ZoneFormatException($"expected exactly one record, found {entries.Length} entries", null, entries.Length > 1 ? entries[1].Line : 1, 1);
        }

        ZoneLine entry = entries[0];
        if (entry.StartsWithBlank)
        {
            throw new ZoneFormatException("the owner name is missing", null, entry.Line, 1);
        }

        ZoneToken first = entry.Tokens[0];
        if (!first.IsQuoted && first.Text.StartsWith('$'))
        {
            throw new ZoneFormatException($"a directive ({Excerpt.Quote(first.Text)}) is not a record", null, first.Line, first.Column);
        }

        DomainName owner = ParseName(first, origin, null);
        RecordFields fields = ReadFields(entry, 1, null);
        uint ttl = fields.Ttl ?? throw new ZoneFormatException("no TTL specified", null, first.Line, first.Column);
        return new ResourceRecord(owner, fields.Class ?? RecordClass.IN, ttl, ReadRdata(entry, fields, origin, null));
    }

    /// <summary>
    /// The origin a zone file declares for itself: the name of a <c>$ORIGIN</c> directive with an
    /// absolute name that comes before the first record, or null. Reads only the head of the file (at most
    /// <see cref="OriginHeadBytes"/>), and never a file that <see cref="ReadText"/> would not read.
    /// </summary>
    public static DomainName? ReadOriginDirective(string path)
    {
        string real = ZoneFileAccess.RealPath(path);
        if (ZoneFileAccess.IsPseudoFile(real) || new FileInfo(real).Length == 0)
        {
            return null;
        }

        var head = new byte[Math.Min(new FileInfo(real).Length, OriginHeadBytes)];
        using (var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1))
        {
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        }

        using var reader = new StringReader(System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF'));
        while (reader.ReadLine() is { } text)
        {
            ReadOnlySpan<char> trimmed = text.AsSpan().Trim();
            if (trimmed.IsEmpty || trimmed[0] == ';')
            {
                continue;
            }

            if (!trimmed.StartsWith("$ORIGIN", StringComparison.OrdinalIgnoreCase))
            {
                if (trimmed.StartsWith("$TTL", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                return null;
            }

            IReadOnlyList<ZoneToken> tokens = ZoneTokenizer.Tokenize(text);
            if (tokens.Count < 2 || !DomainName.TryParse(tokens[1].Text, null, out DomainName? origin, out _))
            {
                return null;
            }

            return origin;
        }

        return null;
    }

    private static IEnumerable<LocatedRecord> ReadEntries(string text, string? file, string? fullPath, DomainName origin, ReaderState state, int depth)
    {
        string? previousOwnerText = null;
        DomainName? previousOwnerOrigin = null;
        foreach (ZoneLine entry in ZoneTokenizer.ReadLines(text, file))
        {
            ZoneToken first = entry.Tokens[0];
            if (!entry.StartsWithBlank && !first.IsQuoted && first.Text.StartsWith('$'))
            {
                if (first.Text.Equals("$INCLUDE", StringComparison.OrdinalIgnoreCase))
                {
                    foreach (LocatedRecord record in ReadInclude(entry, file, fullPath, origin, state, depth))
                    {
                        yield return record;
                    }

                    continue;
                }

                origin = ApplyDirective(entry, file, origin, state);
                continue;
            }

            int index = 0;
            if (entry.StartsWithBlank)
            {
                if (state.Owner is null)
                {
                    throw new ZoneFormatException("the owner name is omitted but no record came before", file, entry.Line, 1);
                }
            }
            else
            {
                // Consecutive records of one owner are common; reuse the parsed name while its text and origin repeat.
                if (!ReferenceEquals(previousOwnerOrigin, origin) || previousOwnerText != first.Text || state.Owner is null)
                {
                    state.Owner = ParseName(first, origin, file);
                    previousOwnerText = first.Text;
                    previousOwnerOrigin = origin;
                }

                index = 1;
            }

            RecordFields fields = ReadFields(entry, index, file);
            RecordClass recordClass = ResolveClass(fields, entry, file, state);
            Rdata data = ReadRdata(entry, fields, origin, file);
            uint ttl = ResolveTtl(fields, data, entry, file, state);
            yield return new LocatedRecord(new ResourceRecord(state.Owner, recordClass, ttl, data), file, entry.Line);
        }
    }

    private static IEnumerable<LocatedRecord> ReadInclude(ZoneLine entry, string? file, string? fullPath, DomainName origin, ReaderState state, int depth)
    {
        IReadOnlyList<ZoneToken> tokens = entry.Tokens;
        if (tokens.Count is < 2 or > 3)
        {
            throw new ZoneFormatException("$INCLUDE takes a file name and an optional origin", file, tokens[0].Line, tokens[0].Column);
        }

        if (depth >= MaxIncludeDepth)
        {
            throw new ZoneFormatException($"$INCLUDE nested deeper than {MaxIncludeDepth} files", file, tokens[0].Line, tokens[0].Column);
        }

        ZoneToken pathToken = tokens[1];
        string relative = System.Text.Encoding.UTF8.GetString(new PresentationReader(tokens, 1, origin, file).Unescape(pathToken));
        string? folder = fullPath is null ? null : Path.GetDirectoryName(fullPath)!;
        string includePath = Path.GetFullPath(Path.Combine(folder ?? Directory.GetCurrentDirectory(), relative));
        DomainName includeOrigin = tokens.Count == 3 ? ParseName(tokens[2], origin, file) : origin;

        if (state.OpenFiles.Contains(includePath))
        {
            throw new ZoneFormatException($"$INCLUDE loop: {Excerpt.Quote(relative)} is already being read", file, pathToken.Line, pathToken.Column);
        }

        string includedText;
        try
        {
            string real = ZoneFileAccess.RealPath(includePath);
            if (ZoneFileAccess.IsPseudoFile(real) || !state.MayInclude(real, folder))
            {
                throw new ZoneFormatException(
                    $"$INCLUDE {Excerpt.Quote(relative)} is outside the including file's folder{(state.Options.IncludeDirectories.Count > 0 ? " and Server:ZoneFiles:IncludeDirectories" : "")} (or in /proc, /sys or /dev): refused",
                    file, pathToken.Line, pathToken.Column);
            }

            includedText = ZoneFileAccess.ReadText(real, state.Budget)
                ?? throw state.OverBudget(file, pathToken.Line, pathToken.Column);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZoneFormatException($"cannot read $INCLUDE file {Excerpt.Quote(relative)}: {e.Message}", file, pathToken.Line, pathToken.Column);
        }

        state.Charge(includedText, file, pathToken.Line, pathToken.Column);
        state.CheckLines(includedText, includePath);
        // RFC 1035 §5.1: the origin and the current owner revert once the included file ends.
        DomainName? savedOwner = state.Owner;
        state.OpenFiles.Add(includePath);
        foreach (LocatedRecord record in ReadEntries(includedText, includePath, includePath, includeOrigin, state, depth + 1))
        {
            yield return record;
        }

        state.OpenFiles.Remove(includePath);
        state.Owner = savedOwner;
    }

    private static DomainName ApplyDirective(ZoneLine entry, string? file, DomainName origin, ReaderState state)
    {
        IReadOnlyList<ZoneToken> tokens = entry.Tokens;
        ZoneToken directive = tokens[0];
        if (directive.Text.Equals("$ORIGIN", StringComparison.OrdinalIgnoreCase))
        {
            ExpectArguments(tokens, 1, file);
            return ParseName(tokens[1], origin, file);
        }

        if (directive.Text.Equals("$TTL", StringComparison.OrdinalIgnoreCase))
        {
            ExpectArguments(tokens, 1, file);
            ZoneToken value = tokens[1];
            if (!PresentationReader.TryParseDuration(value.Text, out uint ttl))
            {
                throw new ZoneFormatException($"invalid TTL {Excerpt.Quote(value.Text)}", file, value.Line, value.Column);
            }

            state.DefaultTtl = ttl;
            return origin;
        }

        if (directive.Text.Equals("$GENERATE", StringComparison.OrdinalIgnoreCase))
        {
            throw new ZoneFormatException("unsupported directive $GENERATE", file, directive.Line, directive.Column);
        }

        throw new ZoneFormatException($"unknown directive {Excerpt.Quote(directive.Text)}", file, directive.Line, directive.Column);
    }

    private static void ExpectArguments(IReadOnlyList<ZoneToken> tokens, int count, string? file)
    {
        if (tokens.Count - 1 < count)
        {
            throw new ZoneFormatException($"{tokens[0].Text} needs {count} argument(s)", file, tokens[0].Line, tokens[0].Column);
        }

        if (tokens.Count - 1 > count)
        {
            ZoneToken extra = tokens[count + 1];
            throw new ZoneFormatException($"unexpected extra field {Excerpt.Quote(extra.Text)} after {tokens[0].Text}", file, extra.Line, extra.Column);
        }
    }

    private static DomainName ParseName(ZoneToken token, DomainName origin, string? file)
    {
        if (!DomainName.TryParse(token.Text, origin, out DomainName? name, out string? error))
        {
            throw new ZoneFormatException($"invalid domain name {Excerpt.Quote(token.Text)}: {error}", file, token.Line, token.Column);
        }

        return name;
    }

    /// <summary>Reads <c>[TTL] [CLASS] TYPE</c> or <c>[CLASS] [TTL] TYPE</c> starting at <paramref name="index"/>.</summary>
    private static RecordFields ReadFields(ZoneLine entry, int index, string? file)
    {
        IReadOnlyList<ZoneToken> tokens = entry.Tokens;
        uint? ttl = null;
        RecordClass? recordClass = null;
        ZoneToken? classToken = null;
        while (index < tokens.Count)
        {
            ZoneToken token = tokens[index++];
            string text = token.Text;
            if (token.IsQuoted)
            {
                throw new ZoneFormatException($"expected a TTL, class or type, found a quoted string {Excerpt.Quote(text)}", file, token.Line, token.Column);
            }

            if (ttl is null && text.Length > 0 && char.IsAsciiDigit(text[0]))
            {
                if (!PresentationReader.TryParseDuration(text, out uint value))
                {
                    throw new ZoneFormatException($"invalid TTL {Excerpt.Quote(text)}", file, token.Line, token.Column);
                }

                ttl = value;
                continue;
            }

            if (recordClass is null && TryParseClass(text, out RecordClass parsedClass))
            {
                if (parsedClass is RecordClass.ANY or RecordClass.NONE)
                {
                    throw new ZoneFormatException($"class {text} cannot hold zone data", file, token.Line, token.Column);
                }

                recordClass = parsedClass;
                classToken = token;
                continue;
            }

            if (TryParseType(text, out RecordType type))
            {
                if (IsMetaType(type))
                {
                    throw new ZoneFormatException($"{text} is a meta type and cannot appear in a zone file", file, token.Line, token.Column);
                }

                return new RecordFields(ttl, recordClass, classToken, type, token, index);
            }

            throw new ZoneFormatException($"unknown RR type {Excerpt.Quote(text)}", file, token.Line, token.Column);
        }

        ZoneToken last = tokens[^1];
        throw new ZoneFormatException("the record type is missing", file, last.Line, last.Column);
    }

    private static bool TryParseType(string text, out RecordType type) =>
        TypesByMnemonic.TryGetValue(text, out type)
        || (text.StartsWith("TYPE", StringComparison.OrdinalIgnoreCase) && ResourceRecord.TryParseType(text, out type));

    private static bool TryParseClass(string text, out RecordClass recordClass)
    {
        if (text.Length == 2 && (text[0] | 0x20) == 'i' && (text[1] | 0x20) == 'n')
        {
            recordClass = RecordClass.IN;
            return true;
        }

        return ResourceRecord.TryParseClass(text, out recordClass);
    }

    // RFC 6895 §3.1: 0 is reserved, OPT (41) and 128-255 are query and meta types, never stored data.
    private static bool IsMetaType(RecordType type) => (ushort)type is 0 or 41 or (>= 128 and <= 255);

    private static Rdata ReadRdata(ZoneLine entry, RecordFields fields, DomainName origin, string? file)
    {
        ZoneToken typeToken = fields.TypeToken;
        var reader = new PresentationReader(entry.Tokens, fields.RdataIndex, origin, file, typeToken.Line, typeToken.Column);
        if (reader.AtEnd)
        {
            // An empty RDATA is written in the generic form "\# 0" (RFC 3597 §5); a bare type is a mistake.
            throw new ZoneFormatException($"{typeToken.Text} record has no RDATA", file, typeToken.Line, typeToken.Column);
        }

        Rdata data = Rdata.Parse(fields.Type, reader);
        if (MayExceedRdLength(entry.Tokens, fields.RdataIndex) && data.CanonicalWireLength() == Rdata.TooLong)
        {
            throw new ZoneFormatException($"{typeToken.Text} RDATA is longer than the 65535 octets RDLENGTH can say (RFC 1035 §3.2.1)", file, typeToken.Line, typeToken.Column);
        }

        return data;
    }

    /// <summary>
    /// Whether the RDATA text is long enough that its wire form might not fit RDLENGTH (measuring it costs a write): a
    /// token takes at most two octets per character on the wire, counting one for its separator, or one whole name
    /// (a relative name gains the origin).
    /// </summary>
    private static bool MayExceedRdLength(IReadOnlyList<ZoneToken> tokens, int index)
    {
        long octets = 0;
        for (int i = index; i < tokens.Count; i++)
        {
            octets += Math.Max(2 * (tokens[i].Text.Length + 1), DomainName.MaxWireLength + 1);
        }

        return octets > ushort.MaxValue;
    }

    private static RecordClass ResolveClass(RecordFields fields, ZoneLine entry, string? file, ReaderState state)
    {
        if (fields.Class is not { } recordClass)
        {
            // The first record fixes the zone's class; a zone that never names one is IN.
            return state.Class ??= RecordClass.IN;
        }

        if (state.Class is { } zoneClass && zoneClass != recordClass)
        {
            ZoneToken token = fields.ClassToken ?? entry.Tokens[0];
            throw new ZoneFormatException(
                $"class {ResourceRecord.ClassMnemonic(recordClass)} differs from the zone's class {ResourceRecord.ClassMnemonic(zoneClass)}",
                file, token.Line, token.Column);
        }

        state.Class = recordClass;
        return recordClass;
    }

    private static uint ResolveTtl(RecordFields fields, Rdata data, ZoneLine entry, string? file, ReaderState state)
    {
        if (fields.Ttl is { } explicitTtl)
        {
            state.LastTtl = explicitTtl;
            return explicitTtl;
        }

        if (state.DefaultTtl is { } defaultTtl)
        {
            state.LastTtl = defaultTtl;
            return defaultTtl;
        }

        if (state.LastTtl is { } lastTtl)
        {
            return lastTtl;
        }

        if (data is SoaRdata soa)
        {
            // BIND 8 compatibility, as named-checkzone does: the SOA MINIMUM becomes the default TTL.
            state.OnWarning?.Invoke(new ZoneFormatException("no TTL specified; using SOA MINIMUM instead", file, entry.Line, 1));
            state.DefaultTtl = soa.Minimum;
            state.LastTtl = soa.Minimum;
            return soa.Minimum;
        }

        throw new ZoneFormatException("no TTL specified and no $TTL or earlier TTL to use", file, entry.Line, 1);
    }

    private readonly record struct RecordFields(uint? Ttl, RecordClass? Class, ZoneToken? ClassToken, RecordType Type, ZoneToken TypeToken, int RdataIndex);

    private sealed class ReaderState(Action<ZoneFormatException>? onWarning, ZoneFileOptions options, string? topFile)
    {
        private string[]? _includeFolders;

        public Action<ZoneFormatException>? OnWarning { get; } = onWarning;

        public ZoneFileOptions Options { get; } = options;

        /// <summary>The octets the files read so far leave of <see cref="ZoneFileOptions.MaxBytes"/>.</summary>
        public long Budget { get; private set; } = options.MaxBytes;

        public HashSet<string> OpenFiles { get; } = [];

        public DomainName? Owner { get; set; }

        public RecordClass? Class { get; set; }

        public uint? DefaultTtl { get; set; }

        public uint? LastTtl { get; set; }

        /// <summary>Counts a text read against the budget; the error points at what read it.</summary>
        public void Charge(string text, string? file, int line, int column)
        {
            // Characters stand for octets: exact for ASCII, and a file read here was measured in octets already.
            Budget -= text.Length;
            if (Budget < 0)
            {
                throw OverBudget(file, line, column);
            }
        }

        /// <summary>Checks that no line of <paramref name="text"/> (from <paramref name="file"/>) is too long.</summary>
        public void CheckLines(string text, string? file)
        {
            ReadOnlySpan<char> rest = text;
            for (int number = 1; !rest.IsEmpty; number++)
            {
                int end = rest.IndexOf('\n');
                int length = end < 0 ? rest.Length : end;
                if (length > Options.MaxLineLength)
                {
                    throw new ZoneFormatException($"the line is longer than Server:ZoneFiles:MaxLineLength ({Options.MaxLineLength} characters)", file, number, 1);
                }

                rest = end < 0 ? [] : rest[(end + 1)..];
            }
        }

        public ZoneFormatException OverBudget(string? file, int line, int column) =>
            new($"the zone file and its includes are larger than Server:ZoneFiles:MaxBytes ({Options.MaxBytes} octets)", file ?? topFile, line, column);

        /// <summary>
        /// Whether an include may read <paramref name="realPath"/>: in the including file's folder, the top file's
        /// folder (the zone folder) or a configured one.
        /// </summary>
        public bool MayInclude(string realPath, string? includingFolder)
        {
            _includeFolders ??= [.. Options.IncludeDirectories.Append(topFile is null ? null : Path.GetDirectoryName(topFile))
                .OfType<string>().Select(ZoneFileAccess.RealPath)];
            return (includingFolder is not null && ZoneFileAccess.IsInside(realPath, ZoneFileAccess.RealPath(includingFolder)))
                || _includeFolders.Any(folder => ZoneFileAccess.IsInside(realPath, folder));
        }
    }
}
