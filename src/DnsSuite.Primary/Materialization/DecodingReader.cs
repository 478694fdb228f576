using System.Threading.Channels;
using DnsSuite.ChangeLog;

namespace DnsSuite.Primary.Materialization;

/// <summary>
/// Reads changes records on a thread of its own and decodes them there (<see cref="DecodedRecord.Decode"/>), so that
/// the ingestion loop only applies: parsing a message's JSON is a fifth of what a single-record change costs, and it
/// needs nothing from the zones. Records keep their order. They are handed over in chunks of what is already
/// decoded, a lone record at once, so the two threads meet about once per chunk rather than once per record. An
/// exception of the log (such as <see cref="LogTruncatedException"/>) comes out after every record read before it.
/// </summary>
/// <remarks>
/// The thread is dedicated rather than taken from the pool: during a backlog it and the ingestion loop both run
/// without pause, and two pool threads busy for seconds would hold up other work on a two-core machine.
/// </remarks>
internal sealed class DecodingReader : IAsyncEnumerator<DecodedRecord>
{
    private const int ChunkSize = 256;
    private const int ChunksAhead = 8;

    private readonly Channel<DecodedRecord[]> _chunks = Channel.CreateBounded<DecodedRecord[]>(
        new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _stop;
    private readonly CancellationToken _cancellationToken;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DecodedRecord[] _chunk = [];
    private int _index;

    /// <param name="records">The changes records, which this reader enumerates once, on its thread.</param>
    /// <param name="cancellationToken">Ends the reading; <see cref="MoveNextAsync"/> then throws <see cref="OperationCanceledException"/>.</param>
    public DecodingReader(IAsyncEnumerable<LogRecord> records, string threadName, CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        new Thread(() => Pump(records)) { IsBackground = true, Name = threadName }.Start();
    }

    public DecodedRecord Current => _chunk[_index];

    public ValueTask<bool> MoveNextAsync()
    {
        if (++_index < _chunk.Length)
        {
            return ValueTask.FromResult(true);
        }

        return _chunks.Reader.TryRead(out DecodedRecord[]? chunk) ? ValueTask.FromResult(Take(chunk)) : WaitAsync();
    }

    /// <summary>Stops the thread and waits for it, which disposes the log's enumerator once its pending read has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stopped.Task.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async ValueTask<bool> WaitAsync()
    {
        // Throws what ended the log once the chunks before it are taken: WaitToReadAsync reports the writer's exception.
        while (await _chunks.Reader.WaitToReadAsync(_cancellationToken).ConfigureAwait(false))
        {
            if (_chunks.Reader.TryRead(out DecodedRecord[]? chunk))
            {
                return Take(chunk);
            }
        }

        return false;
    }

    private bool Take(DecodedRecord[] chunk)
    {
        _chunk = chunk;
        _index = 0;
        return true;
    }

    // On the reader's thread: blocking here is what the thread is for.
    private void Pump(IAsyncEnumerable<LogRecord> records)
    {
        Exception? failure = null;
        IAsyncEnumerator<LogRecord>? enumerator = null;
        // A read of the log not finished yet: the enumerator may be disposed only once it is.
        Task<bool>? reading = null;
        try
        {
            enumerator = records.GetAsyncEnumerator(_stop.Token);
            var pending = new List<DecodedRecord>(ChunkSize);
            while (true)
            {
                ValueTask<bool> next = enumerator.MoveNextAsync();
                if (!next.IsCompleted)
                {
                    reading = next.AsTask();
                    // Nothing more is at hand: what is decoded goes now rather than when the chunk is full.
                    _chunks.Writer.WriteChunk(pending, _stop.Token);
                }

                bool more;
                try
                {
                    more = reading is null ? next.GetAwaiter().GetResult() : reading.GetAwaiter().GetResult();
                }
                catch
                {
                    // What was read before the log failed goes first.
                    _chunks.Writer.WriteChunk(pending, _stop.Token);
                    throw;
                }

                reading = null;

                if (!more)
                {
                    break;
                }

                pending.Add(DecodedRecord.Decode(enumerator.Current));
                if (pending.Count == ChunkSize)
                {
                    _chunks.Writer.WriteChunk(pending, _stop.Token);
                }
            }

            _chunks.Writer.WriteChunk(pending, _stop.Token);
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            if (enumerator is not null)
            {
                // The reader is stopping (_stop is cancelled or the log failed): how the last read ends no longer matters.
                ((Task?)reading)?.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
                try
                {
                    enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    failure ??= e;
                }
            }

            _chunks.Writer.TryComplete(failure);
            _stopped.SetResult();
        }
    }
}
