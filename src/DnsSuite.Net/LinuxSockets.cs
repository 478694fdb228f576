using System.Runtime.InteropServices;

namespace DnsSuite.Net;

/// <summary>
/// The Linux socket calls .NET does not expose: <c>recvmmsg</c> and <c>sendmmsg</c> move many datagrams per system
/// call (see <see cref="UdpMessageBatch"/>). The structures are declared with pointer-sized fields where C has
/// pointers or <c>size_t</c>, so their layout matches glibc and musl on 64-bit and 32-bit targets alike.
/// </summary>
internal static unsafe partial class LinuxSockets
{
    /// <summary>recvmmsg(2): block for the first datagram only, then take what is already queued.</summary>
    public const int MsgWaitForOne = 0x10000;

    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int ENOSYS = 38;
    public const int ENOTSOCK = 88;

    private static int s_available;

    /// <summary>
    /// Whether the batched calls can be used: Linux, and the first call did not find them missing (a kernel or C
    /// library without them, or a seccomp filter that answers ENOSYS). <see cref="MarkUnavailable"/> records that.
    /// </summary>
    public static bool Available => OperatingSystem.IsLinux() && Volatile.Read(ref s_available) == 0;

    public static void MarkUnavailable() => Volatile.Write(ref s_available, 1);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int ReceiveMessages(int socket, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMessages(int socket, MultiMessageHeader* messages, uint count, int flags);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>struct mmsghdr: a message header and the length the call received or sent.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }
}
