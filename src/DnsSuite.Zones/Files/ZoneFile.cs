using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;

namespace DnsSuite.Zones.Files;

/// <summary>Loads one master file into a validated <see cref="ZoneVersion"/>.</summary>
public static class ZoneFile
{
    public const string Extension = ".zone";

    // Below this many characters (some 20,000 records) a thread costs more than it saves.
    private const int ReadAheadFrom = 1 << 20;
    // Linux shows the first 15 characters of a thread's name.
    private const string ParserThreadName = "zone file parse";

    /// <summary>
    /// The zone a file holds: its leading absolute <c>$ORIGIN</c> when it has one, otherwise its file
    /// name without <c>.zone</c> (<c>example.com.zone</c> holds <c>example.com.</c>).
    /// </summary>
    public static DomainName OriginOf(string path)
    {
        if (ZoneFileReader.ReadOriginDirective(path) is { } origin)
        {
            return origin;
        }

        string name = Path.GetFileName(path);
        if (name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^Extension.Length];
        }

        if (!DomainName.TryParse(name.EndsWith('.') ? name : name + ".", null, out DomainName? fromName, out string? error))
        {
            throw new ZoneFormatException($"cannot take the zone name from the file name '{name}': {error}; add an $ORIGIN line", path, 0, 0);
        }

        return fromName;
    }

    /// <summary>
    /// Reads and validates a zone file. Throws <see cref="ZoneFormatException"/> (syntax, with file,
    /// line and column) or <see cref="ZoneValidationException"/> (zone rules); warnings go to <paramref name="onWarning"/>.
    /// An RRset with more than <paramref name="maxRecordsPerRRset"/> records (0: no limit) breaks the rules; its
    /// problem names the file and line of the first record over the limit.
    /// </summary>
    public static ZoneVersion Load(string path, DomainName origin, Action<string>? onWarning = null, ZoneFileOptions? options = null, int maxRecordsPerRRset = OversizedRRset.Unlimited) =>
        Parse(ZoneFileReader.ReadText(path, options), origin, path, onWarning, options, maxRecordsPerRRset);

    /// <summary>
    /// Reads and validates zone-file text, as <see cref="Load"/> does a file; <paramref name="fileName"/> names it in
    /// errors and warnings and anchors relative <c>$INCLUDE</c> paths (none: the text has no file). A large text is
    /// parsed on a thread of its own while the zone is built from the records already parsed.
    /// </summary>
    public static ZoneVersion Parse(
        string text, DomainName origin, string? fileName = null, Action<string>? onWarning = null, ZoneFileOptions? options = null, int maxRecordsPerRRset = OversizedRRset.Unlimited)
    {
        IEnumerable<ResourceRecord> records = ZoneFileReader.Read(text, origin, fileName, warning => onWarning?.Invoke(warning.Message), options);
        if (text.Length >= ReadAheadFrom)
        {
            records = records.OnThreadOfItsOwn(ParserThreadName);
        }

        ZoneVersion version;
        IReadOnlyList<string> warnings;
        try
        {
            version = ZoneVersion.Create(origin, records, out warnings, maxRecordsPerRRset);
        }
        catch (ZoneValidationException e) when (e.Oversized is { } oversized)
        {
            throw new ZoneValidationException(origin, [.. e.Problems.Select(problem => problem == oversized.Problem ? Locate(text, origin, fileName, options, oversized) : problem)])
            {
                Oversized = oversized,
            };
        }

        foreach (string warning in warnings)
        {
            onWarning?.Invoke(fileName is null ? warning : $"{fileName}: {warning}");
        }

        return version;
    }

    // Only when the limit is broken: reads the text again to find the record that went over it.
    private static string Locate(string text, DomainName origin, string? fileName, ZoneFileOptions? options, OversizedRRset oversized)
    {
        var seen = new HashSet<Rdata>();
        foreach (LocatedRecord located in ZoneFileReader.ReadLocated(text, origin, fileName, onWarning: null, options))
        {
            ResourceRecord record = located.Record;
            if (record.Type == oversized.Type && record.Name == oversized.Name && seen.Add(record.Data) && seen.Count > oversized.Limit)
            {
                return $"{located.File ?? "(text)"}:{located.Line}: {oversized.Problem}; this is record {seen.Count}";
            }
        }

        return oversized.Problem;
    }
}
