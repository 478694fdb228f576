using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace DnsSuite.Net.Tests;

/// <summary>
/// The UDP listener end to end over loopback, batched (recvmmsg/sendmmsg, batch size above 1) and not (batch size
/// 1, the loop used where the batched calls are missing): the same behaviour either way. Batches are made by
/// holding the receive loop inside one request while the test sends more, so they queue in the socket.
/// </summary>
[TestFixture]
public sealed class UdpDnsListenerBatchingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [TestCase("127.0.0.1", 1)]
    [TestCase("127.0.0.1", 8)]
    [TestCase("::1", 1)]
    [TestCase("::1", 8)]
    public async Task ManyClientsInOneBatch_EachGetsExactlyItsOwnAnswers(string address, int batchSize)
    {
        var handler = new ProbeHandler();
        await using UdpDnsListener listener = Start(address, handler, batchSize);
        List<ProbeClient> clients = [.. Enumerable.Range(0, 10).Select(_ => new ProbeClient(listener.LocalEndPoint))];
        try
        {
            await HoldAsync(handler, clients[0], () =>
            {
                // 10 clients x 3 requests: batches of 8 and a partial one, senders interleaved within each batch.
                for (int round = 0; round < 3; round++)
                {
                    for (int c = 0; c < clients.Count; c++)
                    {
                        clients[c].Send(ProbeHandler.Request(Id(c, round)));
                    }
                }
            });

            for (int c = 0; c < clients.Count; c++)
            {
                var ids = new List<ushort>();
                for (int round = 0; round < 3; round++)
                {
                    ids.Add((await clients[c].ReceiveAsync()).Id);
                }

                ids.ShouldBe([Id(c, 0), Id(c, 1), Id(c, 2)], ignoreOrder: true, $"answers of client {c}");
            }

            foreach (ProbeHandler.Seen seen in handler.Requests.Where(s => s.Id >= 100))
            {
                seen.Remote.ShouldBe(clients[(seen.Id / 100) - 1].LocalEndPoint, $"the sender the handler saw for request {seen.Id}");
            }

            listener.IsBatching.ShouldBe(batchSize > 1 && OperatingSystem.IsLinux());
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [TestCase(1)]
    [TestCase(8)]
    public async Task LargestDatagram_AmongSmallOnes_ArrivesWhole(int batchSize)
    {
        // 65,507 octets: the largest UDP payload over IPv4 (65,535 less the IP and UDP headers).
        var answers = await ExchangeInOneBatchAsync(
            batchSize, ProbeHandler.Request(1), ProbeHandler.Request(2, length: 65507), ProbeHandler.Request(3));

        answers.ToDictionary(a => a.Id, a => a.RequestLength)
            .ShouldBe(new Dictionary<ushort, int> { [1] = 4, [2] = 65507, [3] = 4 });
    }

    [TestCase(1)]
    [TestCase(8)]
    public async Task LargeAnswersOfOneBatch_AreAllSentWhole(int batchSize)
    {
        // Three answers of 40,000 octets are more than a batch's response area holds at once: two are sent before the
        // third is written. (Few enough for the client's receive buffer to hold them all.)
        var answers = await ExchangeInOneBatchAsync(
            batchSize, [.. Enumerable.Range(1, 3).Select(id => ProbeHandler.Request((ushort)id, responseSize: 40000))]);

        foreach ((ushort id, _, byte[] answer) in answers)
        {
            answer.Length.ShouldBe(40000);
            answer[^1].ShouldBe((byte)id);
        }

        answers.Select(a => a.Id).ShouldBe(new ushort[] { 1, 2, 3 }, ignoreOrder: true);
    }

    [Test]
    public async Task SeveralLoops_EachWithItsOwnSocket_ShareTheClients()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("one socket per loop (SO_REUSEPORT) is Linux only; elsewhere the loops share one socket");
        }

        var handler = new ProbeHandler();
        await using var listener = new UdpDnsListener(
            new IPEndPoint(IPAddress.Loopback, 0), handler, new DnsListenerOptions { UdpReceiveLoops = 4 }, NullLogger.Instance);
        listener.Start();
        List<ProbeClient> clients = [.. Enumerable.Range(0, 32).Select(_ => new ProbeClient(listener.LocalEndPoint))];
        try
        {
            for (int c = 0; c < clients.Count; c++)
            {
                clients[c].Send(ProbeHandler.Request((ushort)c));
                (await clients[c].ReceiveAsync()).Id.ShouldBe((ushort)c);
            }

            // The kernel picks a socket by a hash of the client's address and port: 32 clients all on one of four
            // sockets would happen once in 4^31 runs.
            handler.Requests.Select(s => s.Thread).Distinct().Count().ShouldBeGreaterThan(1);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [TestCase(1)]
    [TestCase(4)]
    public async Task SecondListener_OnAPortInUse_FailsToBind(int loops)
    {
        await using var first = new UdpDnsListener(
            new IPEndPoint(IPAddress.Loopback, 0), new ProbeHandler(), new DnsListenerOptions { UdpReceiveLoops = loops }, NullLogger.Instance);
        first.Start();

        SocketException e = Should.Throw<SocketException>(() => new UdpDnsListener(
            first.LocalEndPoint, new ProbeHandler(), new DnsListenerOptions { UdpReceiveLoops = loops }, NullLogger.Instance));
        e.SocketErrorCode.ShouldBe(SocketError.AddressAlreadyInUse);
    }

    [TestCase(1)]
    [TestCase(8)]
    public async Task Dispose_WakesALoopBlockedInReceive(int batchSize)
    {
        var listener = Start("127.0.0.1", new ProbeHandler(), batchSize);
        using (var client = new ProbeClient(listener.LocalEndPoint))
        {
            // Once it has answered, the loop is back in (or on its way into) a receive with nothing to take.
            client.Send(ProbeHandler.Request(1));
            (await client.ReceiveAsync()).Id.ShouldBe((ushort)1);
        }

        await listener.DisposeAsync().AsTask().WaitAsync(Timeout);
    }

    [TestCase(1)]
    [TestCase(8)]
    public async Task Dispose_RightAfterStart_StopsLoopsThatHaveNotRunYet(int batchSize)
    {
        // Each round races the loops' threads against the disposal; a thousand rounds of four loops had some disposed
        // before they first ran on every run here.
        for (int round = 0; round < 1000; round++)
        {
            var listener = new UdpDnsListener(
                new IPEndPoint(IPAddress.Loopback, 0), new ProbeHandler(), new DnsListenerOptions { UdpReceiveLoops = 4, UdpBatchSize = batchSize }, NullLogger.Instance);
            listener.Start();

            await listener.DisposeAsync().AsTask().WaitAsync(Timeout);
        }
    }

    [Test]
    public void BatchSize_OutsideOneTo1024_IsRejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new DnsListenerOptions { UdpBatchSize = 0 }.Validate()).ParamName.ShouldBe("UdpBatchSize");
        Should.Throw<ArgumentOutOfRangeException>(() => new DnsListenerOptions { UdpBatchSize = 1025 }.Validate()).ParamName.ShouldBe("UdpBatchSize");
    }

    private static UdpDnsListener Start(string address, ProbeHandler handler, int batchSize)
    {
        if (address.Contains(':', StringComparison.Ordinal) && !Socket.OSSupportsIPv6)
        {
            Assert.Ignore("IPv6 is not available on this machine");
        }

        var listener = new UdpDnsListener(
            new IPEndPoint(IPAddress.Parse(address), 0), handler, new DnsListenerOptions { UdpReceiveLoops = 1, UdpBatchSize = batchSize }, NullLogger.Instance);
        listener.Start();
        return listener;
    }

    /// <summary>Holds the loop in a request from <paramref name="holder"/>, runs <paramref name="send"/>, releases it and reads the held answer.</summary>
    private static async Task HoldAsync(ProbeHandler handler, ProbeClient holder, Action send)
    {
        using ManualResetEventSlim hold = handler.HoldNextRequest();
        holder.Send(ProbeHandler.Request(0));
        await handler.WaitUntilHoldingAsync(Timeout);
        send();
        hold.Set();
        (await holder.ReceiveAsync()).Id.ShouldBe((ushort)0);
    }

    /// <summary>Sends the requests from one client while the listener's loop is held, so that they are read as one batch,
    /// and returns their answers in the order they arrived.</summary>
    private static async Task<List<(ushort Id, int RequestLength, byte[] Answer)>> ExchangeInOneBatchAsync(
        int batchSize, params byte[][] requests)
    {
        var handler = new ProbeHandler();
        await using UdpDnsListener listener = Start("127.0.0.1", handler, batchSize);
        using var client = new ProbeClient(listener.LocalEndPoint);
        await HoldAsync(handler, client, () => Array.ForEach(requests, client.Send));

        var answers = new List<(ushort Id, int RequestLength, byte[] Answer)>();
        for (int i = 0; i < requests.Length; i++)
        {
            answers.Add(await client.ReceiveAsync());
        }

        return answers;
    }

    private static ushort Id(int client, int round) => (ushort)(((client + 1) * 100) + round);
}
