using System.Diagnostics.CodeAnalysis;

namespace DnsSuite.Zones.Journal;

/// <summary>
/// One zone's history: a contiguous chain of changesets, oldest first, bounded by <see cref="JournalOptions"/>
/// (the oldest go first). What it holds after a sequence of appends is the longest suffix of that sequence's
/// last contiguous run that fits the bounds, so two chains fed the same changes hold the same history, even
/// when one of them started from a suffix the other held earlier. Thread-safe: one writer, any number of readers.
/// </summary>
public sealed class ChangesetChain
{
    private readonly Lock _lock = new();
    private readonly JournalOptions _options;
    private (Changeset Changes, long Size)[] _items = new (Changeset, long)[16];
    private int _start;
    private long _bytes;
    private int _count;

    public ChangesetChain(JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxChangesets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBytes, 1);
        _options = options;
    }

    /// <summary>The bounds the chain keeps to.</summary>
    public JournalOptions Options => _options;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Adds the newest changeset; one that does not continue the chain (its <c>From</c> serial is not the last
    /// <c>To</c> serial) starts a new chain, since the older history cannot lead to it.
    /// </summary>
    public void Append(Changeset changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        long size = changes.WireSize;
        lock (_lock)
        {
            if (_count > 0 && this[_count - 1].Changes.To.Serial != changes.From.Serial)
            {
                Drop();
            }

            if (_count == _items.Length)
            {
                Grow();
            }

            _items[(_start + _count) % _items.Length] = (changes, size);
            _count++;
            _bytes += size;
            while (_count > 1 && (_count > _options.MaxChangesets || _bytes > _options.MaxBytes))
            {
                _bytes -= _items[_start].Size;
                _items[_start] = default;
                _start = (_start + 1) % _items.Length;
                _count--;
            }
        }
    }

    /// <summary>The changesets held, oldest first.</summary>
    public Changeset[] ToArray()
    {
        lock (_lock)
        {
            var all = new Changeset[_count];
            for (int i = 0; i < _count; i++)
            {
                all[i] = this[i].Changes;
            }

            return all;
        }
    }

    /// <summary>
    /// The newest changesets held that fit <paramref name="within"/> (at least the newest one, as <see cref="Append"/>
    /// keeps), oldest first: what a chain bounded by <paramref name="within"/> would hold after the same appends, when
    /// these bounds are no larger than this chain's (a snapshot carries that much of a primary's journal).
    /// </summary>
    public Changeset[] ToArray(JournalOptions within)
    {
        ArgumentNullException.ThrowIfNull(within);
        lock (_lock)
        {
            int first = _count;
            long bytes = 0;
            while (first > 0 && (first == _count || (_count - first < within.MaxChangesets && bytes + this[first - 1].Size <= within.MaxBytes)))
            {
                first--;
                bytes += this[first].Size;
            }

            var suffix = new Changeset[_count - first];
            for (int i = first; i < _count; i++)
            {
                suffix[i - first] = this[i].Changes;
            }

            return suffix;
        }
    }

    /// <summary>Forgets the history: the next version does not follow from the last one held.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            Drop();
        }
    }

    /// <summary>The changesets leading from <paramref name="fromSerial"/> to <paramref name="toSerial"/>, oldest first.</summary>
    public bool TryGetSpan(uint fromSerial, uint toSerial, [NotNullWhen(true)] out IReadOnlyList<Changeset>? changes)
    {
        changes = null;
        lock (_lock)
        {
            // Search from the newest: serials are unique within a span of 2^31 (RFC 1982), the newest match is the one.
            int end = -1;
            for (int i = _count - 1; i >= 0; i--)
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
        for (int i = 0; i < _count; i++)
        {
            larger[i] = this[i];
        }

        _items = larger;
        _start = 0;
    }

    private void Drop()
    {
        Array.Clear(_items);
        _start = 0;
        _count = 0;
        _bytes = 0;
    }
}
