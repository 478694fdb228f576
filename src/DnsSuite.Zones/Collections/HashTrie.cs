using System.Numerics;

namespace DnsSuite.Zones.Collections;

/// <summary>Hash fragment arithmetic and array helpers shared by the trie nodes.</summary>
internal static class HashTrie
{
    internal const int BitsPerLevel = 5;

    /// <summary>
    /// The deepest path: bitmap nodes at shifts 0, 5, ..., 30 (which consume all 32 hash bits)
    /// and a collision node below them.
    /// </summary>
    internal const int MaxDepth = 8;

    /// <summary>The bitmap bit of the 5-bit fragment of <paramref name="hash"/> at <paramref name="shift"/>.</summary>
    internal static uint Bit(int hash, int shift) => 1u << ((hash >>> shift) & 31);

    /// <summary>The array index of the slot <paramref name="bit"/> in a node with <paramref name="bitmap"/>.</summary>
    internal static int Index(uint bitmap, uint bit) => BitOperations.PopCount(bitmap & (bit - 1));

    internal static T[] Copy<T>(T[] array) => array.Length == 0 ? array : (T[])array.Clone();

    internal static T[] Insert<T>(T[] array, int index, T item)
    {
        var result = new T[array.Length + 1];
        Array.Copy(array, result, index);
        result[index] = item;
        Array.Copy(array, index, result, index + 1, array.Length - index);
        return result;
    }

    internal static T[] RemoveAt<T>(T[] array, int index)
    {
        if (array.Length == 1)
        {
            return [];
        }

        var result = new T[array.Length - 1];
        Array.Copy(array, result, index);
        Array.Copy(array, index + 1, result, index, array.Length - index - 1);
        return result;
    }
}
