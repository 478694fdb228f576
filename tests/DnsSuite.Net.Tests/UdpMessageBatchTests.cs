using System.Net;
using System.Net.Sockets;

namespace DnsSuite.Net.Tests;

/// <summary>The recvmmsg/sendmmsg batch on its own, on a bound socket: what one call takes, and a send that fails.</summary>
[TestFixture]
public sealed class UdpMessageBatchTests
{
    private const int EINVAL = 22;

    [SetUp]
    public void RequireLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("recvmmsg and sendmmsg are Linux calls");
        }
    }

    [Test]
    public void Receive_TakesTheDatagramsQueued_AtMostTheCapacityPerCall()
    {
        using Socket server = Bind(IPAddress.Loopback);
        using var client = new ProbeClient((IPEndPoint)server.LocalEndPoint!);
        using var batch = new UdpMessageBatch(8, AddressFamily.InterNetwork);
        int descriptor = (int)server.SafeHandle.DangerousGetHandle();

        for (ushort id = 0; id < 3; id++)
        {
            client.Send(ProbeHandler.Request(id));
        }

        batch.Receive(descriptor, out _).ShouldBe(3, "a partial batch: all that was queued");

        for (ushort id = 0; id < 20; id++)
        {
            client.Send(ProbeHandler.Request(id, length: 4 + id));
        }

        var counts = new List<int>();
        var lengths = new List<int>();
        while (lengths.Count < 20)
        {
            int count = batch.Receive(descriptor, out int error);
            error.ShouldBe(0);
            counts.Add(count);
            lengths.AddRange(Enumerable.Range(0, count).Select(i => batch.Request(i).Length));
        }

        counts.ShouldBe([8, 8, 4]);
        lengths.ShouldBe(Enumerable.Range(4, 20));
    }

    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    public async Task Sender_IsTheAddressOfEachDatagram_AndTheAnswerGoesBackToIt(string address)
    {
        IPAddress loopback = IPAddress.Parse(address);
        if (loopback.AddressFamily == AddressFamily.InterNetworkV6 && !Socket.OSSupportsIPv6)
        {
            Assert.Ignore("IPv6 is not available on this machine");
        }

        using Socket server = Bind(loopback);
        var endPoint = (IPEndPoint)server.LocalEndPoint!;
        List<ProbeClient> clients = [.. Enumerable.Range(0, 5).Select(_ => new ProbeClient(endPoint))];
        using var batch = new UdpMessageBatch(16, loopback.AddressFamily);
        int descriptor = (int)server.SafeHandle.DangerousGetHandle();
        try
        {
            for (int c = 0; c < clients.Count; c++)
            {
                clients[c].Send(ProbeHandler.Request((ushort)c));
            }

            int count = batch.Receive(descriptor, out _);
            count.ShouldBe(clients.Count);
            for (int i = 0; i < count; i++)
            {
                int client = batch.Request(i)[1];
                endPoint.Create(batch.Sender(i)).ShouldBe(clients[client].LocalEndPoint);
                Answer(batch, i);
            }

            batch.TrySend(descriptor, out SocketAddress? failed, out int error).ShouldBeTrue($"error {error}");
            failed.ShouldBeNull();
            for (int c = 0; c < clients.Count; c++)
            {
                (await clients[c].ReceiveAsync()).Id.ShouldBe((ushort)c);
            }
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Test]
    public async Task TrySend_WhenOneAnswerCannotBeSent_ReportsItAndSendsTheOthers()
    {
        using Socket server = Bind(IPAddress.Loopback);
        var endPoint = (IPEndPoint)server.LocalEndPoint!;
        using var first = new ProbeClient(endPoint);
        using var second = new ProbeClient(endPoint);
        using var third = new ProbeClient(endPoint);
        using var batch = new UdpMessageBatch(8, AddressFamily.InterNetwork);
        int descriptor = (int)server.SafeHandle.DangerousGetHandle();
        first.Send(ProbeHandler.Request(1));
        second.Send(ProbeHandler.Request(2));
        third.Send(ProbeHandler.Request(3));
        batch.Receive(descriptor, out _).ShouldBe(3);

        // Port 0 in the middle answer's destination: the kernel refuses it (EINVAL).
        SocketAddress unreachable = batch.Sender(1);
        unreachable.Buffer.Span[2] = 0;
        unreachable.Buffer.Span[3] = 0;
        for (int i = 0; i < 3; i++)
        {
            Answer(batch, i);
        }

        batch.TrySend(descriptor, out SocketAddress? failed, out int error).ShouldBeFalse();
        failed.ShouldBeSameAs(unreachable);
        error.ShouldBe(EINVAL);
        batch.TrySend(descriptor, out failed, out _).ShouldBeTrue();
        failed.ShouldBeNull();
        (await first.ReceiveAsync()).Id.ShouldBe((ushort)1);
        (await third.ReceiveAsync()).Id.ShouldBe((ushort)3);
    }

    [Test]
    public void Queue_WhenTheResponseAreaCannotTakeAnotherLargestMessage_AsksForASend()
    {
        using Socket server = Bind(IPAddress.Loopback);
        using var client = new ProbeClient((IPEndPoint)server.LocalEndPoint!);
        using var batch = new UdpMessageBatch(8, AddressFamily.InterNetwork);
        client.Send(ProbeHandler.Request(1));
        client.Send(ProbeHandler.Request(2));
        batch.Receive((int)server.SafeHandle.DangerousGetHandle(), out _).ShouldBe(2);

        batch.Queue(0, 65000).ShouldBeTrue();
        batch.ResponseSpace.Length.ShouldBe(UdpMessageBatch.MaxMessageSize);
        batch.Queue(1, 600).ShouldBeFalse();
    }

    private static void Answer(UdpMessageBatch batch, int slot)
    {
        Span<byte> response = batch.ResponseSpace;
        response.Clear();
        batch.Request(slot)[..2].CopyTo(response);
        batch.Queue(slot, ProbeHandler.MinimumResponse).ShouldBeTrue();
    }

    private static Socket Bind(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(address, 0));
        return socket;
    }
}
