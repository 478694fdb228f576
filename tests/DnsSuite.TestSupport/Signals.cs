using System.Runtime.InteropServices;

namespace DnsSuite.TestSupport;

/// <summary>POSIX signals for the processes a test started itself (never any other process).</summary>
public static class Signals
{
    public const int Hangup = 1;
    public const int Terminate = 15;

    public static void Send(int processId, int signal)
    {
        if (Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException(
                $"kill({processId}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int sig);
}
