using System.Diagnostics;

namespace DnsSuite.ChangeLog.Embedded;

/// <summary>
/// An advisory lock between processes (and between instances in one process): a lock file opened with
/// <see cref="FileShare.None"/>, which .NET maps to flock(LOCK_EX) on Unix and to a sharing lock on Windows.
/// The lock is the open stream; disposing it releases the lock. The lock file itself is never deleted.
/// </summary>
internal static class CrossProcessLock
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);

    public static FileStream? TryAcquire(string path) => TryAcquire(path, out _);

    public static async Task<FileStream> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var backoff = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            var stream = TryAcquire(path, out var failure);
            if (stream is not null)
            {
                return stream;
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException(
                    $"Could not take the lock '{path}' within {timeout.TotalSeconds:0.###} s: another process "
                    + "(or another instance in this one) keeps appending to the same embedded log.",
                    failure);
            }

            await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
            backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
        }
    }

    private static FileStream? TryAcquire(string path, out IOException? failure)
    {
        try
        {
            failure = null;
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException e) when (e is not DirectoryNotFoundException)
        {
            failure = e;
            return null;
        }
    }
}
