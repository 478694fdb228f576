using DnsSuite.TestSupport.Fuzzing;
using SharpFuzz;

// AFL++ targets (fuzz/README.md): dotnet DnsSuite.FuzzTargets.dll message|zonefile|change
// Under afl-fuzz this is a fork server that runs one input per round; otherwise it runs the input on standard input
// once (to replay a crash). A broken promise escapes as an exception, which afl-fuzz records as a crash.
Func<Action<byte[]>>? create = args is [var name] ? name switch
{
    "message" => () => new CodecFuzzer().Check,
    "zonefile" => () => new ZoneFileFuzzer().Check,
    "change" => () => new ChangeMessageFuzzer().Check,
    _ => null,
} : null;

if (create is null)
{
    Console.Error.WriteLine("usage: DnsSuite.FuzzTargets message|zonefile|change");
    return 2;
}

// Instrumented code may run only once Run has set up the coverage map, so the checker is made on the first input.
Action<byte[]>? target = null;
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    (target ??= create())(buffer.ToArray());
});
return 0;
