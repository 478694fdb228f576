using System.Diagnostics.CodeAnalysis;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Zones;

/// <summary>
/// A zone changed by a run of transactions, one after another, whose versions are wanted only at the end of the run
/// (a backlog of change-log messages): the trie nodes the run changes are copied once for the whole run rather than
/// once per transaction, and none of the intermediate versions is built. <see cref="ToVersion"/> gives the version of
/// what the committed transactions made. Not thread-safe; one transaction at a time.
/// </summary>
public sealed class ZoneDraft
{
    // The open transaction's record of what it wrote, kept for the next transaction rather than allocated for each.
    private readonly Dictionary<RRsetKey, (DomainName Owner, RRset? Basis)> _touched = [];
    private ZoneVersion? _version;
    private bool _inTransaction;

    public ZoneDraft(ZoneVersion basis)
    {
        Editor = ZoneEditor.From(basis);
        _version = basis;
    }

    public DomainName Origin => Editor.Origin;

    /// <summary>The apex SOA as the committed transactions left it.</summary>
    public SoaRdata Soa => (SoaRdata)Editor.Find(Origin, RecordType.SOA)![0];

    public uint Serial => Soa.Serial;

    internal ZoneEditor Editor { get; }

    /// <summary>The node as the committed transactions, and the open one so far, made it.</summary>
    public bool TryGetNode(DomainName name, [NotNullWhen(true)] out ZoneNode? node) => Editor.TryGetNode(name, out node);

    /// <summary>Starts the next transaction; dispose it (which rolls back what it did not commit) before starting another.</summary>
    /// <param name="maxRecordsPerRRset">The most records an RRset the transaction adds to may end with (0: any number).</param>
    public ZoneTransaction Begin(int maxRecordsPerRRset = OversizedRRset.Unlimited) => new(this, maxRecordsPerRRset);

    /// <summary>The version of the committed transactions; the same instance until another one commits.</summary>
    public ZoneVersion ToVersion() => _version ??= Editor.ToVersion();

    /// <summary>Starts a transaction; returns the (empty) map in which it records the RRsets it writes.</summary>
    internal Dictionary<RRsetKey, (DomainName Owner, RRset? Basis)> Open()
    {
        if (_inTransaction)
        {
            throw new InvalidOperationException($"a transaction on zone {Origin} is open; end it before starting another");
        }

        _inTransaction = true;
        _touched.Clear();
        Editor.StartRecording();
        return _touched;
    }

    internal void Close(bool committed)
    {
        if (committed)
        {
            Editor.StopRecording();
            _version = null;
        }
        else
        {
            Editor.RollBack();
        }

        _inTransaction = false;
    }
}
