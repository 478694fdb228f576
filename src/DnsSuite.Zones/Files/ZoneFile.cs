using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;

namespace DnsSuite.Zones.Files;

/// <summary>Loads one master file into a validated <see cref="ZoneVersion"/>.</summary>
public static class ZoneFile
{
    public const string Extension = ".zone";

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
    /// </summary>
    public static ZoneVersion Load(string path, DomainName origin, Action<string>? onWarning = null)
    {
        var records = ZoneFileReader.ReadFile(path, origin, warning => onWarning?.Invoke(warning.Message)).ToList();
        ZoneVersion version = ZoneVersion.Create(origin, records, out IReadOnlyList<string> warnings);
        foreach (string warning in warnings)
        {
            onWarning?.Invoke($"{path}: {warning}");
        }

        return version;
    }
}
