using System.Text;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Text;
using DnsSuite.Zones;
using DnsSuite.Zones.Files;

namespace DnsSuite.TestSupport.Fuzzing;

/// <summary>
/// Runs untrusted zone-file text through the reader and the zone rules, and throws <see cref="CodecFuzzException"/>
/// when they break a promise: bad input is a <see cref="ZoneFormatException"/> or a <see cref="ZoneValidationException"/>
/// with a bounded message, never another exception; a zone that loads writes out as text that loads to the same zone.
/// </summary>
public sealed class ZoneFileFuzzer
{
    /// <summary>What an error message may hold: its own words and a few short excerpts of the input.</summary>
    private const int MaxErrorLength = 4096;

    public static readonly DomainName Origin = DomainName.Parse("fuzz.example.");

    public long Loaded { get; private set; }

    public long Rejected { get; private set; }

    public void Check(byte[] input)
    {
        string text = Encoding.UTF8.GetString(input);
        ZoneVersion version;
        try
        {
            version = ZoneFile.Parse(text, Origin);
        }
        catch (Exception e) when (e is ZoneFormatException or ZoneValidationException)
        {
            if (e.Message.Length > MaxErrorLength && e is ZoneFormatException)
            {
                throw new CodecFuzzException(input, $"an error message of {e.Message.Length} characters");
            }

            Rejected++;
            return;
        }
        catch (Exception e)
        {
            throw new CodecFuzzException(input, e.GetType().Name + ": " + e.Message, e);
        }

        Loaded++;
        string written = ZoneFileWriter.ToText(Origin, version.EnumerateRecords(canonicalOrder: true));
        ZoneVersion again;
        try
        {
            again = ZoneFile.Parse(written, Origin);
        }
        catch (Exception e)
        {
            throw new CodecFuzzException(input, $"the written zone does not load again: {e.Message}\nwritten:\n{written}", e);
        }

        if (!again.EnumerateRecords(canonicalOrder: true).SequenceEqual(version.EnumerateRecords(canonicalOrder: true)))
        {
            throw new CodecFuzzException(input, $"the written zone loads to other records\nwritten:\n{written}");
        }
    }
}
