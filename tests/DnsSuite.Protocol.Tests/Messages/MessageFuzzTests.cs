using DnsSuite.TestSupport.Fuzzing;

namespace DnsSuite.Protocol.Tests.Messages;

/// <summary>
/// Deterministic mutation fuzzing of the decoder. <see cref="CodecFuzzer"/> throws on any broken
/// promise (an exception escaping TryParse, a parsed message that does not re-encode and re-parse
/// to the same octets, an inconsistent raw name read); completing the loop is the assertion that
/// nothing hangs, since every read is bounded by the packet.
/// </summary>
public class MessageFuzzTests
{
    // 60,000 keeps the Debug test run to a few seconds; bench/DnsSuite.Fuzz runs millions.
    private const int Mutants = 60_000;

    [Test]
    public void MutatedPackets_NeverThrowAndReEncodeWhenAccepted()
    {
        IReadOnlyList<byte[]> corpus =
        [
            .. FuzzCorpus.LoadHexFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "wire")),
            .. FuzzCorpus.Generated(),
        ];
        corpus.Count.ShouldBeGreaterThan(14);
        var fuzzer = new CodecFuzzer();
        foreach (byte[] packet in corpus)
        {
            fuzzer.Check(packet);
        }

        fuzzer.Parsed.ShouldBe(corpus.Count);

        var mutator = new PacketMutator(seed: 20240101, corpus);
        for (int i = 0; i < Mutants; i++)
        {
            fuzzer.Check(mutator.Next());
        }

        // Both outcomes must be common, or the mutations are too weak (or too destructive) to test much.
        fuzzer.Parsed.ShouldBeGreaterThan(Mutants / 20);
        fuzzer.Rejected.ShouldBeGreaterThan(Mutants / 4);
    }
}
