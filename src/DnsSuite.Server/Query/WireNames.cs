using DnsSuite.Protocol;

namespace DnsSuite.Server.Query;

/// <summary>Allocation-free helpers over uncompressed wire names (RFC 1035 §3.1) held in spans.</summary>
internal static class WireNames
{
    public static int CountLabels(ReadOnlySpan<byte> name)
    {
        int labels = 0;
        for (int i = 0; name[i] != 0; i += name[i] + 1)
        {
            labels++;
        }

        return labels;
    }

    /// <summary>The offset of the suffix left after removing the first <paramref name="labels"/> labels.</summary>
    public static int SkipLabels(ReadOnlySpan<byte> name, int labels)
    {
        int offset = 0;
        for (; labels > 0; labels--)
        {
            offset += name[offset] + 1;
        }

        return offset;
    }

    /// <summary>True when <paramref name="name"/> equals <paramref name="ancestor"/> or is below it, ignoring case.</summary>
    public static bool IsSubdomainOf(ReadOnlySpan<byte> name, ReadOnlySpan<byte> ancestor)
    {
        int offset = 0;
        while (name.Length - offset > ancestor.Length)
        {
            offset += name[offset] + 1;
        }

        return name.Length - offset == ancestor.Length && DomainName.WireEquals(name[offset..], ancestor);
    }
}
