using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones.Journal;

/// <summary>
/// The in-memory IXFR history of every zone: per zone a contiguous chain of changesets, bounded by
/// <see cref="JournalOptions.MaxChangesets"/> and <see cref="JournalOptions.MaxBytes"/> (the oldest go first).
/// Thread-safe: one writer per zone appends while any number of transfers read.
/// </summary>
public sealed class ZoneJournal : IZoneJournal
{
    private readonly ConcurrentDictionary<DomainName, History> _zones = new();
    private readonly JournalOptions _options;

    public ZoneJournal(JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChangesets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1);
        _options = options;
    }

    /// <summary>How many changesets the zone's history holds.</summary>
    public int GetChangesetCount(DomainName origin) => _zones.TryGetValue(origin, out History? history) ? history.Count : 0;

    public void Append(DomainName origin, Changeset changes)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(changes);
        _zones.GetOrAdd(origin, _ => new History()).Append(changes, SizeOf(changes), _options);
    }

    public void Reset(DomainName origin) => _zones.TryRemove(origin, out _);

    public bool TryGetChanges(DomainName origin, uint fromSerial, uint toSerial, [NotNullWhen(true)] out IReadOnlyList<Changeset>? changes)
    {
        changes = null;
        return _zones.TryGetValue(origin, out History? history) && history.TryGetSpan(fromSerial, toSerial, out changes);
    }

    private static long SizeOf(Changeset changes) =>
        changes.Removed.Sum(SizeOf) + changes.Added.Sum(SizeOf) + 2 * (changes.From.ToCanonicalWire().Length + 10);

    // RFC 1035 §4.1.3: owner, TYPE, CLASS, TTL, RDLENGTH, RDATA.
    private static long SizeOf(ResourceRecord record) => record.Name.WireLength + 10 + record.Data.ToCanonicalWire().Length;

    /// <summary>A ring of changesets, oldest at <see cref="_start"/>.</summary>
    private sealed class History
    {
        private readonly Lock _lock = new();
        private (Changeset Changes, long Size)[] _items = new (Changeset, long)[16];
        private int _start;
        private long _bytes;

        public int Count { get; private set; }

        public void Append(Changeset changes, long size, JournalOptions options)
        {
            lock (_lock)
            {
                // A change that does not continue the chain starts a new one: older history cannot lead to it.
                if (Count > 0 && this[Count - 1].Changes.To.Serial != changes.From.Serial)
                {
                    Clear();
                }

                if (Count == _items.Length)
                {
                    Grow();
                }

                _items[(_start + Count) % _items.Length] = (changes, size);
                Count++;
                _bytes += size;
                while (Count > 1 && (Count > options.MaxChangesets || _bytes > options.MaxBytes))
                {
                    _bytes -= _items[_start].Size;
                    _items[_start] = default;
                    _start = (_start + 1) % _items.Length;
                    Count--;
                }
            }
        }

        public bool TryGetSpan(uint fromSerial, uint toSerial, [NotNullWhen(true)] out IReadOnlyList<Changeset>? changes)
        {
            changes = null;
            lock (_lock)
            {
                // Search from the newest: serials are unique within a span of 2^31 (RFC 1982), the newest match is the one.
                int end = -1;
                for (int i = Count - 1; i >= 0; i--)
                {
                    if (end < 0 && this[i].Changes.To.Serial == toSerial)
                    {
                        end = i;
                    }

                    if (end >= 0 && this[i].Changes.From.Serial == fromSerial)
                    {
                        var span = new Changeset[end - i + 1];
                        for (int j = i; j <= end; j++)
                        {
                            span[j - i] = this[j].Changes;
                        }

                        changes = span;
                        return true;
                    }
                }

                return false;
            }
        }

        private (Changeset Changes, long Size) this[int index] => _items[(_start + index) % _items.Length];

        private void Grow()
        {
            var larger = new (Changeset, long)[_items.Length * 2];
            for (int i = 0; i < Count; i++)
            {
                larger[i] = this[i];
            }

            _items = larger;
            _start = 0;
        }

        private void Clear()
        {
            Array.Clear(_items);
            _start = 0;
            Count = 0;
            _bytes = 0;
        }
    }
}
