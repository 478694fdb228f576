namespace DnsSuite.Primary.Materialization;

/// <summary>The message was valid and its prerequisites held, but it changed nothing, so the serial stays.</summary>
public sealed record NoChange : ApplyResult
{
    public static NoChange Instance { get; } = new();

    private NoChange()
    {
    }
}
