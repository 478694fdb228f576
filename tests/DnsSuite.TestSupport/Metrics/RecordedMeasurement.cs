namespace DnsSuite.TestSupport.Metrics;

/// <summary>One measurement seen by a <see cref="MeasurementRecorder"/>, with its tags as strings.</summary>
public sealed record RecordedMeasurement(string Instrument, double Value, IReadOnlyDictionary<string, string> Tags);
