using System.Text;

namespace DnsSuite.Protocol.Text;

/// <summary>
/// Opens zone files within limits: the real path (every symbolic link resolved) must lie in an allowed folder,
/// never under /proc, /sys or /dev; a file that reports no size (devices, FIFOs and /proc files all do) is never
/// opened and reads as empty; and no more is read than the size reported and the budget left.
/// </summary>
internal static class ZoneFileAccess
{
    // Linux's own limit on the symbolic links one lookup follows (MAXSYMLINKS).
    private const int MaxLinks = 40;

    private static readonly string[] PseudoFileSystems = ["/proc", "/sys", "/dev"];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The absolute path with every symbolic link on the way resolved, as the kernel would open it.</summary>
    public static string RealPath(string path)
    {
        var pending = new Stack<string>();
        PushComponents(pending, Path.GetFullPath(path));
        string resolved = Path.GetPathRoot(Path.GetFullPath(path)) ?? "/";
        int links = 0;
        while (pending.TryPop(out string? part))
        {
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? resolved;
                continue;
            }

            string candidate = Path.Join(resolved, part);
            if (new FileInfo(candidate).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException($"more than {MaxLinks} symbolic links on the way to the file");
                }

                if (Path.IsPathRooted(target))
                {
                    resolved = Path.GetPathRoot(target) ?? "/";
                }

                PushComponents(pending, target);
                continue;
            }

            resolved = candidate;
        }

        return resolved;
    }

    /// <summary>Whether <paramref name="realPath"/> is inside (or is) <paramref name="folder"/>, both real paths.</summary>
    public static bool IsInside(string realPath, string folder) =>
        realPath.Equals(folder, StringComparison.Ordinal)
        || realPath.StartsWith(Path.EndsInDirectorySeparator(folder) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>Whether the path is in a file system of the kernel's, whose files are not data (and may be secrets).</summary>
    public static bool IsPseudoFile(string realPath) => PseudoFileSystems.Any(folder => IsInside(realPath, folder));

    /// <summary>
    /// Reads the text of a file (UTF-8, a byte-order mark dropped) of at most <paramref name="budget"/> octets;
    /// null when the file is larger.
    /// </summary>
    public static string? ReadText(string realPath, long budget)
    {
        long size = new FileInfo(realPath).Length;
        if (size == 0)
        {
            return string.Empty;
        }

        if (size > budget)
        {
            return null;
        }

        using var stream = new FileStream(realPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        // A file that grows meanwhile is read as large as it was.
        byte[] bytes = GC.AllocateUninitializedArray<byte>((int)Math.Min(size, Array.MaxLength));
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        ReadOnlySpan<byte> text = bytes.AsSpan(0, read);
        return Utf8.GetString(text.StartsWith(Utf8.Preamble) ? text[Utf8.Preamble.Length..] : text);
    }

    private static void PushComponents(Stack<string> pending, string path)
    {
        string[] parts = path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            if (parts[i] != ".")
            {
                pending.Push(parts[i]);
            }
        }
    }
}
