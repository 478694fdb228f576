using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace DnsSuite.ChangeLog.Kafka;

/// <summary>
/// Loads one of the librdkafka builds that the librdkafka.redist package ships for Linux and makes Confluent.Kafka's
/// P/Invoke calls use it. The package's default build needs <c>libsasl2.so.3</c>, which Debian 12 and Ubuntu 24.04
/// lack (they have <c>.so.2</c>), and Confluent.Kafka's own probing then falls back to whatever <c>librdkafka.so</c>
/// the system has, of another version. This loader tries the package's builds by full path, in order, and never the
/// system's: the default one (GSSAPI linked), the centos8 one (glibc only), the alpine one (musl). On other systems
/// Confluent.Kafka's own loader is left to work.
/// </summary>
public static partial class KafkaNativeLibrary
{
    /// <summary>The Linux builds of librdkafka.redist: file name and what to call it, in the order they are tried.</summary>
    internal static readonly IReadOnlyList<(string FileName, string Build)> LinuxBuilds =
    [
        ("librdkafka.so", "default"),
        ("centos8-librdkafka.so", "centos8"),
        ("alpine-librdkafka.so", "alpine"),
    ];

    private static readonly Lock Gate = new();
    private static LoadedLibrary? loaded;

    /// <summary>The library in use: its handle (0 when Confluent.Kafka loaded it itself), build, path, and the builds tried before it.</summary>
    internal sealed record LoadedLibrary(nint Handle, string Build, string Path, string Skipped);

    /// <summary>
    /// Loads librdkafka once per process and makes Confluent.Kafka use it; call before the first Confluent.Kafka client
    /// is built. With a <paramref name="logger"/> it logs one line with the librdkafka version and the build in use.
    /// </summary>
    /// <exception cref="DllNotFoundException">No build loads on this host; the one-line message says why for each.</exception>
    public static void EnsureLoaded(ILogger? logger = null)
    {
        lock (Gate)
        {
            if (loaded is null)
            {
                if (OperatingSystem.IsLinux())
                {
                    loaded = Load(SearchDirectories());
                    NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, Resolve);
                }
                else
                {
                    loaded = new LoadedLibrary(0, "Confluent.Kafka's own", "librdkafka", string.Empty);
                }
            }

            if (logger is not null)
            {
                Loaded(logger, Library.VersionString, loaded.Build, loaded.Path, loaded.Skipped);
            }
        }
    }

    /// <summary>
    /// Makes the P/Invoke calls of <paramref name="assembly"/> to <paramref name="importName"/> use the loaded library
    /// (for callers of librdkafka functions that Confluent.Kafka does not wrap, such as its mock cluster). Linux only.
    /// </summary>
    public static void ResolveImports(Assembly assembly, string importName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        EnsureLoaded();
        var handle = loaded!.Handle;
        NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => name == importName ? handle : 0);
    }

    /// <summary>The first of <see cref="LinuxBuilds"/> that is in one of <paramref name="directories"/> and loads.</summary>
    /// <exception cref="DllNotFoundException">None loads; the message names each build and why, on one line.</exception>
    internal static LoadedLibrary Load(IReadOnlyList<string> directories)
    {
        var failures = new List<string>();
        foreach (var (fileName, build) in LinuxBuilds)
        {
            var path = directories.Select(d => System.IO.Path.Combine(d, fileName)).FirstOrDefault(File.Exists);
            if (path is null)
            {
                failures.Add($"{build} build ({fileName}): not found");
                continue;
            }

            try
            {
                var skipped = failures.Count == 0 ? string.Empty : "; not loaded: " + string.Join("; ", failures);
                return new LoadedLibrary(NativeLibrary.Load(path), build, path, skipped);
            }
            catch (DllNotFoundException e)
            {
                failures.Add($"{build} build ({path}): {Reason(e)}");
            }
        }

        throw new DllNotFoundException(
            $"librdkafka could not be loaded: no build of the librdkafka.redist package loads on this host ({string.Join("; ", failures)}; "
            + $"looked in {string.Join(", ", directories)}).");
    }

    /// <summary>Where the host looks for the application's native libraries (runtimes/RID/native, or the application folder).</summary>
    private static List<string> SearchDirectories()
    {
        var fromHost = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return fromHost.Append(AppContext.BaseDirectory).Select(d => d.TrimEnd('/')).Distinct(StringComparer.Ordinal).ToList();
    }

    // The runtime's message spans lines (a hint about strace and LD_DEBUG); dlerror's text is its last line.
    private static string Reason(DllNotFoundException e) =>
        e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? e.GetType().Name;

    // Confluent.Kafka imports librdkafka under one name per build ("librdkafka", "centos8-librdkafka.so", ...), with the
    // same exports: each maps to the loaded build.
    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName.Contains("librdkafka", StringComparison.Ordinal) ? loaded!.Handle : 0;

    [LoggerMessage(EventId = 355, Level = LogLevel.Information, Message = "librdkafka {Version}: the {Build} build of librdkafka.redist ({Path}){Skipped}")]
    private static partial void Loaded(ILogger logger, string version, string build, string path, string skipped);
}
