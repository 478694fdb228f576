using DnsSuite.Protocol;
using DnsSuite.Protocol.Messages;
using DnsSuite.Protocol.Wire;

namespace DnsSuite.TestSupport.Fuzzing;

/// <summary>
/// Runs one untrusted packet through the codec and throws <see cref="CodecFuzzException"/> when
/// the codec breaks a promise: parsing must not throw; a parsed message must re-encode, the encoding
/// must parse, and encoding that parse must give the same octets. Every name position is also read
/// with a raw <see cref="DnsReader"/>. Reuses its buffers, so one instance serves one thread.
/// </summary>
public sealed class CodecFuzzer
{
    private readonly byte[] _encoded = new byte[ushort.MaxValue];
    private readonly byte[] _reencoded = new byte[ushort.MaxValue];
    private readonly CompressionTable _compression = new();

    public long Parsed { get; private set; }

    public long Rejected { get; private set; }

    public void Check(byte[] packet)
    {
        try
        {
            CheckMessage(packet);
            ReadEveryName(packet);
        }
        catch (CodecFuzzException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new CodecFuzzException(packet, e.GetType().Name + ": " + e.Message, e);
        }
    }

    private void CheckMessage(byte[] packet)
    {
        if (!Message.TryParse(packet, out Message? message, out string? error))
        {
            if (string.IsNullOrEmpty(error))
            {
                throw new CodecFuzzException(packet, "TryParse failed without a reason");
            }

            Rejected++;
            return;
        }

        Parsed++;
        int length = message.WriteTo(_encoded, _compression);
        if (length < 0)
        {
            throw new CodecFuzzException(packet, "a parsed message did not fit in 65535 octets");
        }

        if (!Message.TryParse(_encoded.AsSpan(0, length), out Message? again, out error))
        {
            throw new CodecFuzzException(packet, $"our encoding does not parse: {error}; encoding {Convert.ToHexString(_encoded, 0, length)}");
        }

        int length2 = again.WriteTo(_reencoded, _compression);
        if (!_encoded.AsSpan(0, length).SequenceEqual(_reencoded.AsSpan(0, Math.Max(length2, 0))))
        {
            throw new CodecFuzzException(packet, "re-encoding the re-parsed message changed it");
        }
    }

    /// <summary>Reads a name at every offset: exercises pointers from anywhere in the packet.</summary>
    private static void ReadEveryName(byte[] packet)
    {
        Span<byte> name = stackalloc byte[DomainName.MaxWireLength];
        for (int offset = 0; offset < packet.Length; offset++)
        {
            var reader = new DnsReader(packet);
            reader.TryReadBytes(offset, out _);
            if (reader.TryReadName(name, out int length, out int labels))
            {
                if (length > DomainName.MaxWireLength || reader.Position <= offset
                    || DomainName.FromWire(name[..length]).LabelCount != labels)
                {
                    throw new CodecFuzzException(packet, $"inconsistent name read at offset {offset}");
                }
            }
            else if (reader.Error is null || reader.Position != offset)
            {
                throw new CodecFuzzException(packet, $"a failed name read at offset {offset} moved the reader or gave no reason");
            }
        }
    }
}
