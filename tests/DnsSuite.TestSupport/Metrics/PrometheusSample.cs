namespace DnsSuite.TestSupport.Metrics;

/// <summary>One sample line of the Prometheus text format: name, labels, value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, string Type);
