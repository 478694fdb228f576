using System.Collections.Concurrent;
using DnsSuite.Protocol;
using DnsSuite.Zones;

namespace DnsSuite.TestSupport.Zones;

/// <summary>
/// Watches one zone of a table while a writer changes it, for the rule that an IXFR for a serial is answerable from the
/// moment the serial is visible. Two observers: a thread that reads the served version as a query would, as fast as it
/// can, and at each serial it sees first asks the zone's journal at once for the span from the serial it saw before (what
/// the transfer responder serves IXFR from); and the zone's <see cref="Zone.Committed"/>, on the writer's thread, which
/// must come with the span from the previous version in the journal. <see cref="Gaps"/> lists every miss.
/// </summary>
public sealed class IxfrWindowProbe : IDisposable
{
    private readonly ZoneTable _table;
    private readonly DomainName _origin;
    private readonly Thread _reader;
    private readonly ConcurrentQueue<string> _gaps = new();
    private readonly Action<ZoneCommitted> _onCommitted;
    private volatile bool _stopping;
    private int _serialsSeen;
    private int _commits;

    private IxfrWindowProbe(ZoneTable table, DomainName origin)
    {
        _table = table;
        _origin = origin;
        _onCommitted = OnCommitted;
        _table.Committed += _onCommitted;
        _reader = new Thread(Read) { IsBackground = true, Name = $"IXFR window probe of {origin}" };
        _reader.Start();
    }

    /// <summary>Starts watching <paramref name="origin"/> in <paramref name="table"/> (the zone may come later).</summary>
    public static IxfrWindowProbe Watch(ZoneTable table, DomainName origin)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(origin);
        return new IxfrWindowProbe(table, origin);
    }

    /// <summary>Each time a serial was visible, or committed, without the journal span that leads to it from the one before.</summary>
    public IReadOnlyCollection<string> Gaps => _gaps;

    /// <summary>How many new serials the reading thread saw (after the first it saw).</summary>
    public int SerialsSeen => Volatile.Read(ref _serialsSeen);

    /// <summary>How many commits of the zone followed a version (the zone's first version not counted).</summary>
    public int Commits => Volatile.Read(ref _commits);

    /// <summary>Stops both observers; call it once the writer is done.</summary>
    public void Dispose()
    {
        _stopping = true;
        _reader.Join();
        _table.Committed -= _onCommitted;
    }

    private void Read()
    {
        Zone? watched = null;
        uint last = 0;
        while (!_stopping)
        {
            if (!_table.TryGetAny(_origin, out Zone? zone) || !zone.TryGetCurrent(out ZoneVersion? version))
            {
                Thread.Yield();
                continue;
            }

            if (!ReferenceEquals(zone, watched))
            {
                // Another zone object of the same name starts a history of its own.
                (watched, last) = (zone, version.Serial);
                continue;
            }

            if (version.Serial != last)
            {
                if (!zone.Journal.TryGetSpan(last, version.Serial, out _))
                {
                    _gaps.Enqueue($"serial {version.Serial} was visible before an IXFR from {last} could be served");
                }

                Interlocked.Increment(ref _serialsSeen);
                last = version.Serial;
            }
        }
    }

    private void OnCommitted(ZoneCommitted committed)
    {
        if (committed.Zone.Origin != _origin || committed.Previous is not { } previous)
        {
            return;
        }

        Interlocked.Increment(ref _commits);
        if (!committed.Zone.Journal.TryGetSpan(previous.Serial, committed.Version.Serial, out _))
        {
            _gaps.Enqueue($"serial {committed.Version.Serial} was committed without the journal leading to it from {previous.Serial}");
        }
    }
}
