using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DnsSuite.Primary.Materialization;
using static DnsSuite.Primary.Tests.Messages;

namespace DnsSuite.Primary.Tests;

/// <summary>The ingestor's reader that decodes changes records on a thread of its own, ahead of applying them.</summary>
public class DecodingReaderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Add(int i) => Ops($$"""{"op":"ADD","name":"host{{i}}","ttl":300,"type":"A","rdata":"192.0.2.{{i % 250}}"}""");

    [Test]
    public async Task ABacklog_ComesOutInOrder_AcrossChunks_EachWithWhatDecodingGave()
    {
        // 1,000 records at hand: several chunks of 256. Every seventh is not JSON.
        LogRecord[] records = [.. Enumerable.Range(1, 1000).Select(i => Record(i % 7 == 0 ? "{not json" : Add(i), i))];
        await using var reader = new DecodingReader(ToAsync(records), "test decode", CancellationToken.None);

        var read = new List<DecodedRecord>();
        while (await reader.MoveNextAsync())
        {
            read.Add(reader.Current);
        }

        read.Select(r => r.Record).ShouldBe(records);
        foreach (DecodedRecord decoded in read)
        {
            if (decoded.Record.Position.Offset % 7 == 0)
            {
                decoded.Change.ShouldBeNull();
                decoded.Rejection.ShouldNotBeNull().Reason.ShouldBe(RejectionReason.InvalidJson);
            }
            else
            {
                decoded.Rejection.ShouldBeNull();
                decoded.Change.ShouldNotBeNull().Message.Operations.ShouldHaveSingleItem().ShouldBeOfType<DnsSuite.ChangeLog.Contract.AddOperation>()
                    .Name.ShouldBe($"host{decoded.Record.Position.Offset}");
            }
        }
    }

    [Test]
    public async Task ARecord_IsHandedOver_WithoutWaitingForMore()
    {
        var source = Channel.CreateUnbounded<LogRecord>();
        await using var reader = new DecodingReader(ReadAll(source.Reader), "test decode", CancellationToken.None);

        await source.Writer.WriteAsync(Record(Add(1), 1));
        (await reader.MoveNextAsync().AsTask().WaitAsync(Patience)).ShouldBeTrue();
        reader.Current.Record.Position.Offset.ShouldBe(1);

        ValueTask<bool> next = reader.MoveNextAsync();
        next.IsCompleted.ShouldBeFalse();
        await source.Writer.WriteAsync(Record(Add(2), 2));
        (await next.AsTask().WaitAsync(Patience)).ShouldBeTrue();
        reader.Current.Record.Position.Offset.ShouldBe(2);

        source.Writer.Complete();
        (await reader.MoveNextAsync().AsTask().WaitAsync(Patience)).ShouldBeFalse();
    }

    [TestCase(true, TestName = "WhatEndsTheLog_ComesOut_AfterTheRecordsReadBeforeIt(the read fails at once)")]
    [TestCase(false, TestName = "WhatEndsTheLog_ComesOut_AfterTheRecordsReadBeforeIt(the read fails later)")]
    public async Task WhatEndsTheLog_ComesOut_AfterTheRecordsReadBeforeIt(bool atOnce)
    {
        await using var reader = new DecodingReader(FailAfter([Record(Add(1), 1), Record(Add(2), 2)], new LogTruncatedException(0, 3, 10), atOnce), "test decode", CancellationToken.None);

        (await reader.MoveNextAsync()).ShouldBeTrue();
        reader.Current.Record.Position.Offset.ShouldBe(1);
        (await reader.MoveNextAsync()).ShouldBeTrue();
        reader.Current.Record.Position.Offset.ShouldBe(2);
        LogTruncatedException truncated = await Should.ThrowAsync<LogTruncatedException>(async () => await reader.MoveNextAsync());
        truncated.Partition.ShouldBe(0);
    }

    [Test]
    public async Task Cancelling_EndsAWaitingRead_AndDisposing_DisposesTheLogsEnumerator()
    {
        var source = Channel.CreateUnbounded<LogRecord>();
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();
        var reader = new DecodingReader(ReadAll(source.Reader, disposed), "test decode", cancel.Token);

        ValueTask<bool> next = reader.MoveNextAsync();
        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(async () => await next.AsTask().WaitAsync(Patience));

        await reader.DisposeAsync().AsTask().WaitAsync(Patience);
        disposed.Task.IsCompleted.ShouldBeTrue();
    }

    [Test]
    public async Task Disposing_WhileTheLogsReadIsPending_AndTheChunksAreFull_WaitsForTheRead_ThenDisposesTheLog()
    {
        // Every read of this log is pending until the test ends it, so each record is handed over alone while the next
        // read is pending; nothing takes the chunks, so the ninth waits for room.
        var log = new SteppedLog();
        var reader = new DecodingReader(log, "test decode", CancellationToken.None);
        for (int i = 1; i <= 9; i++)
        {
            await log.ReadStarted(i).WaitAsync(Patience);
            log.Complete(Record(Add(i), i));
        }

        await log.ReadStarted(10).WaitAsync(Patience);
        Task disposing = reader.DisposeAsync().AsTask();
        await log.Cancelled.WaitAsync(Patience);
        // The read ends when the log gets to it (here: when the test says). Until then the reader must not dispose the
        // log; one that did would do it at once, well within this grace.
        (await Task.WhenAny(log.Disposed, Task.Delay(TimeSpan.FromMilliseconds(300)))).ShouldNotBe(log.Disposed);
        log.End();

        await disposing.WaitAsync(Patience);
        log.Disposed.IsCompleted.ShouldBeTrue();
    }

    private static async IAsyncEnumerable<LogRecord> ToAsync(IEnumerable<LogRecord> records)
    {
        foreach (LogRecord record in records)
        {
            yield return record;
        }

        await Task.CompletedTask;
    }

    private static async IAsyncEnumerable<LogRecord> ReadAll(
        ChannelReader<LogRecord> records, TaskCompletionSource? disposed = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (LogRecord record in records.ReadAllAsync(cancellationToken))
            {
                yield return record;
            }
        }
        finally
        {
            disposed?.SetResult();
        }
    }

    private static async IAsyncEnumerable<LogRecord> FailAfter(IEnumerable<LogRecord> records, Exception failure, bool atOnce)
    {
        foreach (LogRecord record in records)
        {
            yield return record;
        }

        if (!atOnce)
        {
            await Task.Yield();
        }

        throw failure;
    }

    /// <summary>A log whose reads complete one by one when the test says so, cancelled or not.</summary>
    private sealed class SteppedLog : IAsyncEnumerable<LogRecord>, IAsyncEnumerator<LogRecord>
    {
        private readonly List<TaskCompletionSource> _started = [];
        private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource<bool>? _read;

        public LogRecord Current { get; private set; } = null!;

        public Task Cancelled => _cancelled.Task;

        public Task Disposed => _disposed.Task;

        public IAsyncEnumerator<LogRecord> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            cancellationToken.Register(() => _cancelled.TrySetResult());
            return this;
        }

        public ValueTask<bool> MoveNextAsync()
        {
            var read = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_started)
            {
                _read = read;
                Started(_started.Count(started => started.Task.IsCompleted) + 1).TrySetResult();
            }

            return new ValueTask<bool>(read.Task);
        }

        public Task ReadStarted(int count)
        {
            lock (_started)
            {
                return Started(count).Task;
            }
        }

        public void Complete(LogRecord record)
        {
            Current = record;
            _read!.SetResult(true);
        }

        public void End() => _read!.SetResult(false);

        public ValueTask DisposeAsync()
        {
            _disposed.TrySetResult();
            return ValueTask.CompletedTask;
        }

        private TaskCompletionSource Started(int count)
        {
            while (_started.Count < count)
            {
                _started.Add(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return _started[count - 1];
        }
    }
}
