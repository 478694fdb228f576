using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static DnsSuite.Net.LinuxSockets;

namespace DnsSuite.Net;

/// <summary>
/// What one UDP receive loop hands to <c>recvmmsg</c> and <c>sendmmsg</c>: <see cref="Capacity"/> request slots of a
/// whole datagram each (65,535 octets, so no datagram is ever truncated; the kernel writes only what arrives, so the
/// pages of unused space stay untouched), each with the sender's address, and one response area the handler writes
/// into back to back. A response goes back to the address of the request it answers, from the same slot. Everything
/// is allocated once, outside the managed heap, and owned by the loop's thread.
/// </summary>
internal sealed unsafe class UdpMessageBatch : IDisposable
{
    /// <summary>The largest DNS message (and more than any UDP payload: 65,507 octets over IPv4, 65,527 over IPv6).</summary>
    public const int MaxMessageSize = 65535;

    /// <summary>Room for at least two largest responses, so one always fits after any number of small ones.</summary>
    private const int ResponseAreaSize = 2 * (MaxMessageSize + 1);

    private readonly byte* _requests;
    private readonly byte* _responses;
    private readonly MultiMessageHeader* _received;
    private readonly IoVector* _receiveVectors;
    private readonly MultiMessageHeader* _sending;
    private readonly IoVector* _sendVectors;
    private readonly SocketAddress[] _senders;
    private readonly MemoryHandle[] _senderPins;
    private readonly int[] _queuedSlots;
    private int _queued;
    private int _sent;
    private int _responseOffset;
    private bool _disposed;

    public UdpMessageBatch(int capacity, AddressFamily family)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _requests = (byte*)NativeMemory.Alloc((nuint)capacity * MaxMessageSize);
        _responses = (byte*)NativeMemory.Alloc(ResponseAreaSize);
        _received = (MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(MultiMessageHeader));
        _receiveVectors = (IoVector*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(IoVector));
        _sending = (MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(MultiMessageHeader));
        _sendVectors = (IoVector*)NativeMemory.AllocZeroed((nuint)capacity, (nuint)sizeof(IoVector));
        _senders = new SocketAddress[capacity];
        _senderPins = new MemoryHandle[capacity];
        _queuedSlots = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            // The kernel writes the sender straight into the SocketAddress the request context hands out, which on
            // Unix holds the native sockaddr; pinned for the batch's lifetime.
            _senders[i] = new SocketAddress(family);
            _senderPins[i] = _senders[i].Buffer.Pin();
            _receiveVectors[i] = new IoVector { Base = _requests + ((nint)i * MaxMessageSize), Length = MaxMessageSize };
            _received[i].Header.Vectors = &_receiveVectors[i];
            _received[i].Header.VectorCount = 1;
            _received[i].Header.Name = (byte*)_senderPins[i].Pointer;
            _sending[i].Header.Vectors = &_sendVectors[i];
            _sending[i].Header.VectorCount = 1;
        }
    }

    /// <summary>Datagrams taken per receive call, and responses sent per send call at most.</summary>
    public int Capacity { get; }

    /// <summary>Responses queued and not yet sent.</summary>
    public int Queued => _queued - _sent;

    /// <summary>
    /// Space for the next response: always the largest message, placed after the responses queued so far. Valid
    /// until the next <see cref="Queue"/> or <see cref="TrySend"/>.
    /// </summary>
    public Span<byte> ResponseSpace => new(_responses + _responseOffset, MaxMessageSize);

    /// <summary>
    /// Blocks until at least one datagram is there, then takes up to <see cref="Capacity"/> of those queued. Returns
    /// how many (a closed or shut-down socket yields one empty datagram), or -1 with the error number.
    /// </summary>
    public int Receive(int socket, out int error)
    {
        for (int i = 0; i < Capacity; i++)
        {
            _received[i].Header.NameLength = (uint)_senders[i].Buffer.Length;
        }

        int count = ReceiveMessages(socket, _received, (uint)Capacity, MsgWaitForOne, null);
        error = count < 0 ? Marshal.GetLastSystemError() : 0;
        return count;
    }

    /// <summary>The datagram received in slot <paramref name="index"/> by the last <see cref="Receive"/>.</summary>
    public ReadOnlySpan<byte> Request(int index) => new(_requests + ((nint)index * MaxMessageSize), (int)_received[index].Length);

    /// <summary>Who sent the datagram in slot <paramref name="index"/>; the same object for every datagram of that slot.</summary>
    public SocketAddress Sender(int index)
    {
        SocketAddress sender = _senders[index];
        sender.Size = (int)_received[index].Header.NameLength;
        return sender;
    }

    /// <summary>
    /// Queues the <paramref name="length"/> octets written at <see cref="ResponseSpace"/> as the answer to slot
    /// <paramref name="index"/>. Returns false when there is no room for another response: send first.
    /// </summary>
    public bool Queue(int index, int length)
    {
        ref MultiMessageHeader message = ref _sending[_queued];
        _sendVectors[_queued] = new IoVector { Base = _responses + _responseOffset, Length = (nuint)length };
        message.Header.Name = _received[index].Header.Name;
        message.Header.NameLength = _received[index].Header.NameLength;
        _queuedSlots[_queued++] = index;

        // Eight-octet alignment keeps the copies into the kernel on aligned words.
        _responseOffset += (length + 7) & ~7;
        return _responseOffset <= ResponseAreaSize - MaxMessageSize;
    }

    /// <summary>
    /// Sends the queued responses, as many per call as the kernel takes. True when all are sent (or dropped as
    /// failed before); false when one failed: it is skipped, <paramref name="failed"/> is its destination and
    /// <paramref name="error"/> the error number, and calling again sends the rest.
    /// </summary>
    public bool TrySend(int socket, out SocketAddress? failed, out int error)
    {
        failed = null;
        error = 0;
        while (_sent < _queued)
        {
            int sent = SendMessages(socket, _sending + _sent, (uint)(_queued - _sent), 0);
            if (sent >= 0)
            {
                _sent += sent;
                continue;
            }

            error = Marshal.GetLastSystemError();
            if (error == EINTR)
            {
                continue;
            }

            // sendmmsg(2) reports an error only for the first message of a call: that one is dropped.
            failed = Sender(_queuedSlots[_sent++]);
            return false;
        }

        _queued = _sent = _responseOffset = 0;
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (MemoryHandle pin in _senderPins)
        {
            pin.Dispose();
        }

        NativeMemory.Free(_requests);
        NativeMemory.Free(_responses);
        NativeMemory.Free(_received);
        NativeMemory.Free(_receiveVectors);
        NativeMemory.Free(_sending);
        NativeMemory.Free(_sendVectors);
    }
}
