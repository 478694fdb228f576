using System.Diagnostics;
using System.Globalization;
using DnsSuite.TestSupport.Fuzzing;

// Long-running mutation fuzzer for the DNS message codec (the unit test runs a short, fixed slice).
// Usage: dotnet run -c Release --project bench/DnsSuite.Fuzz -- [--seconds N] [--iterations N] [--seed N] [--corpus DIR]
// Exit code 0 when no input broke the codec, 1 when one did (its hex is printed), 2 on bad arguments.
int seconds = 60;
long iterations = long.MaxValue;
int seed = Environment.TickCount;
string corpusDirectory = Path.Combine(AppContext.BaseDirectory, "data", "wire");
if (args.Length % 2 != 0)
{
    Console.Error.WriteLine("options come in pairs: --seconds N --iterations N --seed N --corpus DIR");
    return 2;
}

for (int i = 0; i < args.Length; i += 2)
{
    string value = args[i + 1];
    switch (args[i])
    {
        case "--seconds": seconds = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--iterations": iterations = long.Parse(value, CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--corpus": corpusDirectory = value; break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}");
            return 2;
    }
}

IReadOnlyList<byte[]> corpus = [.. FuzzCorpus.LoadHexFiles(corpusDirectory), .. FuzzCorpus.Generated()];
Console.WriteLine($"seed {seed}, corpus {corpus.Count} packets from {corpusDirectory}, up to {seconds} s / {iterations} iterations");

var fuzzer = new CodecFuzzer();
var mutator = new PacketMutator(seed, corpus);
var clock = Stopwatch.StartNew();
var limit = TimeSpan.FromSeconds(seconds);
long done = 0;
try
{
    while (done < iterations && ((done & 0x3FF) != 0 || clock.Elapsed < limit))
    {
        fuzzer.Check(mutator.Next());
        done++;
    }
}
catch (CodecFuzzException e)
{
    Console.WriteLine($"FAILED after {done} iterations (seed {seed}): {e.Message}");
    if (e.InnerException is not null)
    {
        Console.WriteLine(e.InnerException);
    }

    return 1;
}

Console.WriteLine($"{done} iterations in {clock.Elapsed.TotalSeconds:F1} s: {fuzzer.Parsed} parsed, {fuzzer.Rejected} rejected, no failures");
return 0;
