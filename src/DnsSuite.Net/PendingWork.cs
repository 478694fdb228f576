using System.Collections.Concurrent;

namespace DnsSuite.Net;

/// <summary>Tasks a listener started (connections, slow-path requests), so that stopping can wait for them.</summary>
internal sealed class PendingWork
{
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();

    public int Count => _tasks.Count;

    public void Track(Task task)
    {
        _tasks.TryAdd(task, 0);
        task.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _tasks, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public Task WhenAllAsync() => Task.WhenAll(_tasks.Keys);
}
