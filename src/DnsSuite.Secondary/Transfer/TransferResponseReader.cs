using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;

namespace DnsSuite.Secondary.Transfer;

/// <summary>
/// Reads the answer records of an AXFR or IXFR response, message by message, and decides when it is complete.
/// <list type="bullet">
/// <item>AXFR (RFC 5936 §2.2): SOA, the zone's records, the same SOA again.</item>
/// <item>IXFR (RFC 1995 §4): the new SOA, then per difference sequence the old SOA, records removed, the new SOA of the
/// step, records added; the last record is the new SOA again. Condensed (one step) and multi-step histories read alike.</item>
/// <item>IXFR answered AXFR-style (RFC 1995 §4): the second record is not an SOA, so the answer is the whole zone.</item>
/// <item>IXFR answered with the new SOA alone in the first message, not newer than ours (RFC 1995 §2): up to date.</item>
/// </list>
/// Anything else throws <see cref="TransferException"/> with <see cref="TransferFailureKind.Malformed"/>.
/// </summary>
internal sealed class TransferResponseReader
{
    private readonly DomainName _origin;
    private readonly uint? _clientSerial;
    private readonly List<ResourceRecord> _zone = [];
    private readonly List<IxfrDiff> _diffs = [];
    private State _state;
    private uint _finalSerial;
    private ResourceRecord? _stepFrom;
    private ResourceRecord? _stepTo;
    private List<ResourceRecord> _removed = [];
    private List<ResourceRecord> _added = [];
    private int _messages;
    private bool _upToDate;

    /// <param name="clientSerial">The serial sent in the IXFR request; null for AXFR.</param>
    public TransferResponseReader(DomainName origin, uint? clientSerial)
    {
        _origin = origin;
        _clientSerial = clientSerial;
    }

    private enum State
    {
        First,
        Second,
        Full,
        Removed,
        Added,
        Complete,
    }

    public bool IsComplete => _state == State.Complete;

    /// <summary>Reads the answer section of the next message.</summary>
    public void ReadMessage(IReadOnlyList<ResourceRecord> answers)
    {
        _messages++;
        foreach (ResourceRecord record in answers)
        {
            Read(record);
        }

        // RFC 1995 §2: a lone SOA that is not newer than ours means we are up to date. A lone newer SOA in the
        // first message may be followed by the rest in further messages; only the end of the stream decides.
        if (_messages == 1 && _state == State.Second && _clientSerial is uint ours
            && new SerialNumber(_finalSerial).CompareTo(new SerialNumber(ours)) != SerialComparison.Greater)
        {
            _upToDate = true;
            _state = State.Complete;
        }
    }

    /// <summary>The complete response; throws when the stream ended before the final SOA.</summary>
    public TransferResponse GetResponse()
    {
        if (_state != State.Complete)
        {
            throw Malformed(_messages == 0 ? "the primary closed the connection without answering" : "the transfer ended before its final SOA");
        }

        return _upToDate ? new TransferResponse(null, null, _messages)
            : _diffs.Count > 0 ? new TransferResponse(null, _diffs, _messages)
            : new TransferResponse(_zone, null, _messages);
    }

    private void Read(ResourceRecord record)
    {
        bool isSoa = record.Data is SoaRdata && record.Name == _origin;
        uint serial = isSoa ? ((SoaRdata)record.Data).Serial : 0;
        switch (_state)
        {
            case State.First:
                if (!isSoa)
                {
                    throw Malformed($"the first record is {record.Name} {ResourceRecord.TypeMnemonic(record.Type)}, not the SOA of {_origin}");
                }

                _finalSerial = serial;
                _zone.Add(record);
                _state = _clientSerial is null ? State.Full : State.Second;
                break;
            case State.Second when !isSoa:
                // RFC 1995 §4: an IXFR answer whose second record is not an SOA is a whole zone.
                _zone.Add(record);
                _state = State.Full;
                break;
            case State.Second:
                if (serial != _clientSerial)
                {
                    throw Malformed($"the history starts at serial {serial}, we asked from {_clientSerial}");
                }

                _stepFrom = record;
                _state = State.Removed;
                break;
            case State.Full when isSoa:
                if (serial != _finalSerial)
                {
                    throw Malformed($"the closing SOA has serial {serial}, the opening one {_finalSerial}");
                }

                _state = State.Complete;
                break;
            case State.Full:
                _zone.Add(record);
                break;
            case State.Removed when isSoa:
                _stepTo = record;
                _state = State.Added;
                break;
            case State.Removed:
                _removed.Add(record);
                break;
            case State.Added when isSoa:
                uint stepSerial = ((SoaRdata)_stepTo!.Data).Serial;
                _diffs.Add(new IxfrDiff(_stepFrom!, _removed, _stepTo, _added));
                _removed = [];
                _added = [];
                if (stepSerial == _finalSerial && serial == _finalSerial)
                {
                    _state = State.Complete;
                    break;
                }

                _stepFrom = record;
                _state = State.Removed;
                break;
            case State.Added:
                _added.Add(record);
                break;
            case State.Complete:
                throw Malformed($"{record.Name} {ResourceRecord.TypeMnemonic(record.Type)} follows the final SOA");
        }
    }

    private static TransferException Malformed(string reason) => new(TransferFailureKind.Malformed, reason);
}
