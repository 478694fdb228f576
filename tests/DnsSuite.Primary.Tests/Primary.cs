using DnsSuite.Primary.Materialization;
using DnsSuite.TestSupport;
using DnsSuite.Zones;

namespace DnsSuite.Primary.Tests;

/// <summary>The ingestion side of one primary over a log: table, materializer, snapshot writer and ingestor.</summary>
internal sealed class Primary : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly IChangeLog _log;
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;
    private bool _stopped;

    public Primary(IChangeLog log, SnapshotWriterOptions? options = null, ChangeLogMetrics? metrics = null, TimeProvider? time = null)
    {
        _log = log;
        Materializer = new ZoneMaterializer(new ZoneTable(), log.Description, metrics: metrics, history: options?.Journal);
        Materializer.ZoneChanged += e =>
        {
            lock (Events)
            {
                Events.Add(e);
            }
        };
        Writer = new SnapshotWriter(log, Materializer, options ?? new SnapshotWriterOptions { EveryRecords = int.MaxValue, EveryInterval = TimeSpan.MaxValue }, time, metrics: metrics);
        Ingestor = new ChangeLogIngestor(log, Materializer, Writer, metrics: metrics);
    }

    public ZoneMaterializer Materializer { get; }

    public SnapshotWriter Writer { get; }

    public ChangeLogIngestor Ingestor { get; }

    public List<ZoneChange> Events { get; } = [];

    public async Task StartAsync()
    {
        _run = Task.Run(() => Ingestor.RunAsync(_stop.Token));
        await Task.WhenAny(Ingestor.Ready, _run).WaitAsync(Timeout);
        if (_run.IsFaulted)
        {
            await _run;
        }
    }

    /// <summary>Waits until every record now in the log is consumed, then stops, so the state can be inspected.</summary>
    public async Task CatchUpAndStopAsync()
    {
        IReadOnlyList<PartitionOffsets> ends = await _log.GetChangeOffsetsAsync(CancellationToken.None);
        await Wait.UntilAsync(() => ends.All(p => Materializer.NextOffset(p.Partition) >= p.HighWatermark), Timeout, "the primary to consume the log");
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }
}
