namespace DnsSuite.ChangeLog.Embedded;

/// <summary>What <see cref="EmbeddedLogRepair"/> did: <paramref name="Path"/> now ends at <paramref name="Position"/>, before the record that would have had offset <paramref name="NextOffset"/>; the <paramref name="BytesCut"/> bytes cut off are in <paramref name="SavedTo"/>.</summary>
public sealed record EmbeddedLogRepairResult(string Path, long Position, long BytesCut, long NextOffset, string SavedTo);
