using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace DnsSuite.ChangeLog.Kafka;

/// <summary>
/// Loads librdkafka from the operating system (Debian's librdkafka1 package) for Confluent.Kafka. Its own
/// loader cannot be used on Debian 12: given a path it dlopens a file named <c>libdl</c>, which does not
/// exist there, and without one it probes for <c>librdkafka.so</c>, which only the -dev package provides.
/// </summary>
public static class KafkaNativeLibrary
{
    /// <summary>The soname librdkafka1 installs.</summary>
    public const string FileName = "librdkafka.so.1";

    private static readonly Lock Gate = new();
    private static nint handle;

    /// <summary>
    /// Loads librdkafka once per process and makes Confluent.Kafka's P/Invoke calls use it. Call before the
    /// first Confluent.Kafka client is built.
    /// </summary>
    /// <exception cref="DllNotFoundException">librdkafka is not installed; the message says which package to install.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (handle != 0)
            {
                return;
            }

            handle = Load(FileName);
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, Resolve);
        }
    }

    /// <summary>Loads <paramref name="fileName"/>, or fails with one line that names the package to install.</summary>
    internal static nint Load(string fileName)
    {
        if (NativeLibrary.TryLoad(fileName, out var loaded))
        {
            return loaded;
        }

        throw new DllNotFoundException($"librdkafka not found: install the librdkafka1 package (could not load {fileName}).");
    }

    // Confluent.Kafka imports the library under several names ("librdkafka", "centos7-librdkafka.so", ...),
    // one per build it ships; all of them have the same exports, so each maps to the system library.
    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName.Contains("librdkafka", StringComparison.Ordinal) ? handle : 0;
}
