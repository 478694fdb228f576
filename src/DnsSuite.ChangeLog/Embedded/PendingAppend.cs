namespace DnsSuite.ChangeLog.Embedded;

/// <summary>An append waiting for the writer loop: its frame is built, offset and timestamp are set at write time.</summary>
internal sealed class PendingAppend(byte[] frame)
{
    public byte[] Frame { get; } = frame;

    public TaskCompletionSource<LogPosition> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
