using System.Threading.Channels;

namespace DnsSuite.ChangeLog;

/// <summary>
/// How a reader thread of its own hands records over to the ingestion loop: in chunks, blocking while the channel is
/// full (the thread is there to wait; waiting is what stops it from reading further ahead).
/// </summary>
public static class ChunkWriter
{
    /// <summary>Writes <paramref name="pending"/> as one chunk (nothing when it is empty) and empties it.</summary>
    public static void WriteChunk<T>(this ChannelWriter<T[]> writer, List<T> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        T[] chunk = [.. pending];
        pending.Clear();
        while (!writer.TryWrite(chunk))
        {
            if (!writer.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                return; // completed: nobody reads any more
            }
        }
    }
}
