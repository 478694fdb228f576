namespace DnsSuite.Zones;

/// <summary>A problem a zone had, and when.</summary>
public sealed record ZoneProblem(string Message, DateTimeOffset At);
