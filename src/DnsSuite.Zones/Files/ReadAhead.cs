using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace DnsSuite.Zones.Files;

/// <summary>
/// Enumerates a sequence on a thread of its own, ahead of the consumer, handing items over in chunks: parsing a
/// large zone file and building the zone from its records then run on two cores at once rather than in turn.
/// </summary>
internal static class ReadAhead
{
    private const int ChunkSize = 1024;
    private const int ChunksAhead = 8;

    /// <summary>
    /// The items of <paramref name="source"/> in order; an exception of <paramref name="source"/> comes out after every
    /// item before it. A consumer that stops early stops the thread (and waits for it).
    /// </summary>
    public static IEnumerable<T> OnThreadOfItsOwn<T>(this IEnumerable<T> source, string threadName)
    {
        using var chunks = new BlockingCollection<T[]>(ChunksAhead);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            var pending = new List<T>(ChunkSize);
            try
            {
                try
                {
                    foreach (T item in source)
                    {
                        pending.Add(item);
                        if (pending.Count == ChunkSize)
                        {
                            chunks.Add([.. pending], stop.Token);
                            pending.Clear();
                        }
                    }
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }

                if (pending.Count > 0)
                {
                    chunks.Add([.. pending], stop.Token);
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The consumer stopped: nobody takes what is left.
            }
            finally
            {
                chunks.CompleteAdding();
            }
        })
        { IsBackground = true, Name = threadName };
        thread.Start();
        try
        {
            foreach (T[] chunk in chunks.GetConsumingEnumerable())
            {
                foreach (T item in chunk)
                {
                    yield return item;
                }
            }

            thread.Join();
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            thread.Join();
        }
    }
}
