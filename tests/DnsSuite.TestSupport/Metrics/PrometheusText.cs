using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DnsSuite.TestSupport.Metrics;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4), to check what /metrics writes: every sample belongs
/// to a family announced by HELP and TYPE lines before it, names and label names are valid, values parse.
/// </summary>
public static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        if (lines[^1].Length != 0)
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        for (int i = 0; i < lines.Length - 1; i++)
        {
            string line = lines[i];
            int number = i + 1;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                string name = line[7..].Split(' ', 2)[0];
                CheckName(name, number);
                if (!helped.Add(name))
                {
                    throw new FormatException($"line {number}: second HELP for {name}");
                }

                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line[7..].Split(' ');
                if (parts.Length != 2 || parts[1] is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                {
                    throw new FormatException($"line {number}: bad TYPE line '{line}'");
                }

                CheckName(parts[0], number);
                if (!types.TryAdd(parts[0], parts[1]))
                {
                    throw new FormatException($"line {number}: second TYPE for {parts[0]}");
                }

                continue;
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                throw new FormatException($"line {number}: unexpected '{line}'");
            }

            samples.Add(ParseSample(line, number, types));
        }

        return samples;
    }

    /// <summary>The value of the sample with this name and exactly these labels; null when absent.</summary>
    public static double? Value(IEnumerable<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.FirstOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Key, out string? v) && v == l.Value))?.Value;

    private static PrometheusSample ParseSample(string line, int number, Dictionary<string, string> types)
    {
        Match match = SampleLine().Match(line);
        if (!match.Success)
        {
            throw new FormatException($"line {number}: not a sample: '{line}'");
        }

        string name = match.Groups["name"].Value;
        string family = types.Keys.FirstOrDefault(f => name == f || (types[f] == "histogram" && (name == f + "_bucket" || name == f + "_sum" || name == f + "_count")))
            ?? throw new FormatException($"line {number}: sample {name} has no TYPE line before it");
        if (types[family] == "counter" && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            throw new FormatException($"line {number}: counter {name} does not end in _total");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        string body = match.Groups["labels"].Value;
        int position = 0;
        while (position < body.Length)
        {
            Match label = Label().Match(body, position);
            if (!label.Success || label.Index != position)
            {
                throw new FormatException($"line {number}: bad labels '{body}'");
            }

            if (!labels.TryAdd(label.Groups["key"].Value, Unescape(label.Groups["value"].Value)))
            {
                throw new FormatException($"line {number}: label {label.Groups["key"].Value} twice");
            }

            position += label.Length;
        }

        string valueText = match.Groups["value"].Value;
        double value = valueText switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, value, types[family]);
    }

    private static void CheckName(string name, int number)
    {
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException($"line {number}: invalid metric name '{name}'");
        }
    }

    private static string Unescape(string value)
    {
        var result = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
                result.Append(value[i] == 'n' ? '\n' : value[i]);
            }
            else
            {
                result.Append(value[i]);
            }
        }

        return result.ToString();
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([^""}]|""(\\.|[^""\\])*"")*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)"",?")]
    private static partial Regex Label();
}
