using DnsSuite.Net;

namespace DnsSuite.Server.Tests.Transfer;

/// <summary>Keeps every message sent; <see cref="OnSend"/> runs before each is kept (to publish mid-stream or to block).</summary>
internal class CapturingSink : IResponseSink
{
    public List<byte[]> Messages { get; } = [];

    public Func<int, Task>? OnSend { get; init; }

    /// <summary>What <see cref="WhenDeliveredAsync"/> waits for: a client that has not read everything yet.</summary>
    public Task Delivered { get; init; } = Task.CompletedTask;

    public async ValueTask WhenDeliveredAsync(CancellationToken cancellationToken) => await Delivered.WaitAsync(cancellationToken);

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (OnSend is not null)
        {
            await OnSend(Messages.Count);
        }

        Messages.Add(message.ToArray());
    }
}
