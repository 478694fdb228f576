using DnsSuite.ChangeLog;
using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;
using DnsSuite.Zones.Updates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Primary.Updates;

/// <summary>
/// Dynamic updates written through the change log: each UPDATE becomes one change message (<see cref="UpdateTranslator"/>),
/// is appended, and is answered once the local <see cref="ZoneMaterializer"/> has applied that position, with the RCODE
/// of the deterministic apply. Every primary behind the log computes the same outcome, so the answer does not depend on
/// which primary took the UPDATE.
/// </summary>
public sealed partial class ChangeLogUpdateProcessor : IUpdateProcessor
{
    // Outcomes of records nobody waits for yet: an append can return after the ingestion has already applied it.
    private const int RecentCapacity = 4096;

    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<LogPosition, TaskCompletionSource<UpdateOutcome>> _waiting = [];
    private readonly Dictionary<LogPosition, UpdateOutcome> _recent = [];
    private readonly Queue<LogPosition> _recentOrder = new();
    private (IChangeLog Log, ZoneMaterializer Materializer)? _attached;

    /// <param name="timeout">How long an UPDATE may wait for the log to take it and for its apply; then SERVFAIL.</param>
    public ChangeLogUpdateProcessor(TimeSpan timeout, ILogger<ChangeLogUpdateProcessor>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Starts taking updates: they are appended to <paramref name="log"/> and their outcomes read from <paramref name="materializer"/>.</summary>
    public void Attach(IChangeLog log, ZoneMaterializer materializer)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(materializer);
        materializer.RecordApplied += OnRecordApplied;
        lock (_lock)
        {
            _attached = (log, materializer);
        }

        Warm();
    }

    // The first UPDATE after start would otherwise pay for compiling the translation, the JSON writer and reader and
    // the apply (tens of milliseconds); one made-up update of a made-up zone runs them once here, touching no zone.
    private static void Warm()
    {
        DomainName origin = DomainName.Parse("warm.invalid.");
        ZoneVersion zone = ZoneVersion.Create(origin, [
            new ResourceRecord(origin, 60, Rdata.Parse(RecordType.SOA, "ns hostmaster 1 60 60 600 60", origin)),
            new ResourceRecord(origin, 60, Rdata.Parse(RecordType.NS, "ns", origin)),
        ]);
        var request = new UpdateRequest(origin,
            [new ResourceRecord(origin, RecordClass.ANY, 0, new UnknownRdata(RecordType.ANY, []))],
            [new ResourceRecord(DomainName.Parse("www.warm.invalid."), 60, new ARdata(System.Net.IPAddress.Loopback))],
            "warm-up");
        string key = ChangeApplier.KeyOf(origin);
        if (ChangeApplier.TryDecode(key, ChangeLogJson.Serialize(UpdateTranslator.Translate(request)), out DecodedChange? change, out ChangeRejected? rejection))
        {
            ChangeApplier.Preview(change, zone, OversizedRRset.DefaultLimit);
        }
        else
        {
            throw new InvalidOperationException($"the warm-up update does not decode: {rejection.Message}");
        }
    }

    /// <summary>Stops taking updates (the log is closing): new ones and those still waiting are answered SERVFAIL.</summary>
    public void Detach()
    {
        TaskCompletionSource<UpdateOutcome>[] waiting;
        lock (_lock)
        {
            if (_attached is { } attached)
            {
                attached.Materializer.RecordApplied -= OnRecordApplied;
            }

            _attached = null;
            waiting = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (TaskCompletionSource<UpdateOutcome> waiter in waiting)
        {
            waiter.TrySetResult(new UpdateOutcome(ResponseCode.ServFail, "the change log closed before the update was applied"));
        }
    }

    public async Task<UpdateOutcome> ProcessAsync(Zone zone, UpdateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(request);
        (IChangeLog Log, ZoneMaterializer Materializer)? attached;
        lock (_lock)
        {
            attached = _attached;
        }

        if (attached is not { } target)
        {
            return new UpdateOutcome(ResponseCode.ServFail, "the change log is not open");
        }

        if (request.Prerequisites.Count == 0 && request.Updates.Count == 0)
        {
            return new UpdateOutcome(ResponseCode.NoError, "an empty update changes nothing");
        }

        ChangeMessage message = UpdateTranslator.Translate(request);
        if (Settle(zone, message) is { } settled)
        {
            return settled;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        LogPosition position;
        try
        {
            position = await target.Log.AppendChangeAsync(ChangeApplier.KeyOf(request.Zone), ChangeLogJson.Serialize(message), deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new UpdateOutcome(ResponseCode.ServFail, $"the change log did not take the update within {_timeout}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the implementation throws (an I/O error, a Kafka produce error, a closed log): not written.
            return new UpdateOutcome(ResponseCode.ServFail, $"the change log could not be written: {e.Message}");
        }

        LogAppended(request.Zone, request.Source, position.Partition, position.Offset);
        Task<UpdateOutcome> outcome = WaitForOutcome(target.Materializer, position);
        try
        {
            return await outcome.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new UpdateOutcome(ResponseCode.ServFail, $"appended at partition {position.Partition} offset {position.Offset}, but not applied here within {_timeout}");
        }
        finally
        {
            lock (_lock)
            {
                _waiting.Remove(position);
            }
        }
    }

    public UpdateOutcome? FirstFailedPrerequisite(Zone zone, UpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(request);
        return Settle(zone, UpdateTranslator.Translate(request with { Updates = [] })) is { ResponseCode: not ResponseCode.NoError } failed ? failed : null;
    }

    // An update that would be rejected or change nothing on the version served now is answered from that version,
    // without a log record, a new version or a wait: as if it had been applied just then. Null when it would change the zone.
    private static UpdateOutcome? Settle(Zone zone, ChangeMessage message)
    {
        if (!zone.TryGetCurrent(out ZoneVersion? current))
        {
            return null;
        }

        ApplyResult preview = ChangeApplier.Preview(new DecodedChange(zone.Origin, message), current, zone.Policies.MaxRecordsPerRRset);
        if (preview is ChangeApplied)
        {
            return null;
        }

        UpdateOutcome outcome = UpdateResponseCodes.For(preview);
        return outcome with { Detail = $"{outcome.Detail} (on serial {current.Serial}; nothing written to the log)" };
    }

    private Task<UpdateOutcome> WaitForOutcome(ZoneMaterializer materializer, LogPosition position)
    {
        lock (_lock)
        {
            if (_recent.Remove(position, out UpdateOutcome? known))
            {
                return Task.FromResult(known);
            }

            if (materializer.NextOffset(position.Partition) > position.Offset)
            {
                return Task.FromResult(new UpdateOutcome(ResponseCode.ServFail, $"the outcome of partition {position.Partition} offset {position.Offset} is no longer known"));
            }

            var waiter = new TaskCompletionSource<UpdateOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[position] = waiter;
            return waiter.Task;
        }
    }

    private void OnRecordApplied(LogPosition position, ApplyResult? result)
    {
        UpdateOutcome outcome = UpdateResponseCodes.For(result);
        lock (_lock)
        {
            if (_waiting.Remove(position, out TaskCompletionSource<UpdateOutcome>? waiter))
            {
                waiter.TrySetResult(outcome);
                return;
            }

            _recent[position] = outcome;
            _recentOrder.Enqueue(position);
            while (_recentOrder.Count > RecentCapacity)
            {
                _recent.Remove(_recentOrder.Dequeue());
            }
        }
    }

    [LoggerMessage(EventId = 450, Level = LogLevel.Debug, Message = "UPDATE of {Zone} from {Source} appended at partition {Partition} offset {Offset}")]
    private partial void LogAppended(DomainName zone, string source, int partition, long offset);
}
