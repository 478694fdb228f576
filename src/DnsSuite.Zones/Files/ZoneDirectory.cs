using System.Security.Cryptography;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;

namespace DnsSuite.Zones.Files;

/// <summary>
/// Keeps a <see cref="ZoneTable"/> in step with the <c>*.zone</c> files of a folder: loads them all,
/// and on <see cref="Reload"/> adds new files' zones, reloads changed files and drops zones whose file
/// is gone. A file that fails to load is reported and skipped: the zones that loaded keep serving, and
/// a zone whose new file is broken keeps its previous version (as BIND does).
/// </summary>
public sealed class ZoneDirectory
{
    private readonly string _path;
    private readonly ZoneTable _table;
    private Dictionary<string, LoadedFile> _loaded = new(StringComparer.Ordinal);

    public ZoneDirectory(string path, ZoneTable table)
    {
        _path = path;
        _table = table;
    }

    /// <summary>A file as last loaded; <paramref name="ContentHash"/> tells whether it changed since (timestamps can miss quick edits).</summary>
    public sealed record LoadedFile(string Path, DomainName Origin, string ContentHash);

    /// <summary>What one <see cref="Reload"/> did, for logging.</summary>
    public sealed record ReloadReport(
        IReadOnlyList<ZoneVersion> Loaded,
        IReadOnlyList<DomainName> Removed,
        IReadOnlyList<(string Path, string Error)> Failed,
        IReadOnlyList<string> Warnings);

    /// <summary>Scans the folder and applies the differences since the last scan.</summary>
    public ReloadReport Reload()
    {
        var loaded = new List<ZoneVersion>();
        var failed = new List<(string, string)>();
        var warnings = new List<string>();
        var next = new Dictionary<string, LoadedFile>(StringComparer.Ordinal);
        var origins = new Dictionary<DomainName, string>();

        foreach (string file in Directory.EnumerateFiles(_path, "*" + ZoneFile.Extension).Order(StringComparer.Ordinal))
        {
            try
            {
                DomainName origin = ZoneFile.OriginOf(file);
                if (origins.TryGetValue(origin, out string? other))
                {
                    throw new ZoneFormatException($"zone {origin} is already loaded from {other}", file, 0, 0);
                }

                origins[origin] = file;
                var current = new LoadedFile(file, origin, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file))));
                if (_loaded.TryGetValue(file, out LoadedFile? previous) && previous == current)
                {
                    next[file] = previous;
                    continue;
                }

                ZoneVersion version = ZoneFile.Load(file, origin, warnings.Add);
                if (_table.TryGet(origin, out Zone? zone))
                {
                    zone.Publish(version);
                }
                else
                {
                    _table.AddOrReplace(new Zone(version));
                }

                next[file] = current;
                loaded.Add(version);
            }
            catch (Exception e) when (e is ZoneFormatException or ZoneValidationException or IOException)
            {
                failed.Add((file, e.Message));
                if (_loaded.TryGetValue(file, out LoadedFile? previous))
                {
                    next[file] = previous; // keep serving what was loaded before
                    origins[previous.Origin] = file;
                }
            }
        }

        var removed = new List<DomainName>();
        foreach (LoadedFile gone in _loaded.Values.Where(f => !next.ContainsKey(f.Path)))
        {
            if (!origins.ContainsKey(gone.Origin) && _table.Remove(gone.Origin))
            {
                removed.Add(gone.Origin);
            }
        }

        _loaded = next;
        return new ReloadReport(loaded, removed, failed, warnings);
    }
}
