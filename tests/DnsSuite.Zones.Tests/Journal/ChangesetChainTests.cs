using DnsSuite.Protocol.Records;
using DnsSuite.Zones.Journal;
using static DnsSuite.Zones.Tests.TestZones;

namespace DnsSuite.Zones.Tests.Journal;

public class ChangesetChainTests
{
    [Test]
    public void TryGetChanges_ReturnsTheSpanFromTheRequestedSerial()
    {
        (ChangesetChain journal, List<Changeset> changes) = Build(new JournalOptions(), "a", "b", "c", "d");

        journal.TryGetSpan(2, 5, out IReadOnlyList<Changeset>? span).ShouldBeTrue();

        span.ShouldBe(changes.Skip(1));
        journal.TryGetSpan(1, 3, out span).ShouldBeTrue();
        span.ShouldBe(changes.Take(2));
    }

    [Test]
    public void TryGetChanges_SerialOutsideTheHistory_IsNotCovered()
    {
        (ChangesetChain journal, _) = Build(new JournalOptions(), "a", "b");

        journal.TryGetSpan(0, 3, out _).ShouldBeFalse();
        journal.TryGetSpan(1, 4, out _).ShouldBeFalse();
        new Zone(Load()).Journal.TryGetSpan(1, 2, out _).ShouldBeFalse("another zone's journal holds nothing of this one's");
    }

    [Test]
    public void Append_BeyondMaxChangesets_DropsTheOldest()
    {
        (ChangesetChain journal, _) = Build(new JournalOptions { MaxChangesets = 2 }, "a", "b", "c");

        journal.Count.ShouldBe(2);
        journal.TryGetSpan(1, 4, out _).ShouldBeFalse();
        journal.TryGetSpan(2, 4, out _).ShouldBeTrue();
    }

    [Test]
    public void Append_BeyondMaxBytes_DropsTheOldestButKeepsTheNewest()
    {
        (ChangesetChain journal, _) = Build(new JournalOptions { MaxBytes = 1 }, "a", "b", "c");

        journal.Count.ShouldBe(1);
        journal.TryGetSpan(3, 4, out _).ShouldBeTrue();
    }

    [Test]
    public void Append_ThatDoesNotContinueTheChain_StartsANewHistory()
    {
        (ChangesetChain journal, List<Changeset> changes) = Build(new JournalOptions(), "a", "b");
        var jump = new ZoneTransaction(Load());
        jump.Add(Rr("x 300 IN A 192.0.2.9"));
        journal.Append(jump.Commit(50).Changes);

        journal.Count.ShouldBe(1);
        journal.TryGetSpan(1, 3, out _).ShouldBeFalse();
        changes.Count.ShouldBe(2);
    }

    [Test]
    public void Clear_ForgetsTheHistory()
    {
        (ChangesetChain journal, _) = Build(new JournalOptions(), "a");

        journal.Clear();

        journal.TryGetSpan(1, 2, out _).ShouldBeFalse();
    }

    [Test]
    public void ToArrayWithin_SmallerBounds_IsWhatAChainWithThoseBoundsHolds()
    {
        string[] labels = ["a", "b", "c", "d", "e", "f"];
        (ChangesetChain wide, _) = Build(new JournalOptions(), labels);
        var narrow = new JournalOptions { MaxChangesets = 4, MaxBytes = 300 };
        (ChangesetChain bounded, _) = Build(narrow, labels);

        wide.ToArray(narrow).Select(c => (c.From.Serial, c.To.Serial)).ShouldBe(bounded.ToArray().Select(c => (c.From.Serial, c.To.Serial)));
        bounded.Count.ShouldBeLessThan(6, "the narrow bounds drop some");
        wide.ToArray(new JournalOptions { MaxChangesets = 2 }).Select(c => c.To.Serial).ShouldBe([6u, 7u]);
        wide.ToArray(new JournalOptions { MaxBytes = 1 }).Select(c => c.To.Serial).ShouldBe([7u], "the newest is kept whatever its size");
    }

    [Test]
    public void Condense_AddedThenRemoved_DisappearsFromBothLists()
    {
        Changeset condensed = Condense(
            tx => tx.Add(Rr("tmp 300 IN A 192.0.2.1")),
            tx => tx.Add(Rr("keep 300 IN A 192.0.2.2")),
            tx => tx.Remove(Rr("tmp 300 IN A 192.0.2.1")));

        condensed.Removed.ShouldBeEmpty();
        condensed.Added.ShouldBe([Rr("keep 300 IN A 192.0.2.2")]);
        condensed.From.Serial.ShouldBe(1u);
        condensed.To.Serial.ShouldBe(4u);
    }

    [Test]
    public void Condense_RemovedThenReAdded_DisappearsFromBothLists()
    {
        Changeset condensed = Condense(
            tx => tx.Remove(Rr("old 300 IN A 192.0.2.7")),
            tx => tx.Add(Rr("old 300 IN A 192.0.2.7")));

        condensed.IsEmpty.ShouldBeTrue();
    }

    [Test]
    public void Condense_TtlChangeAndBack_CancelsOut()
    {
        Changeset condensed = Condense(
            tx => tx.Add(Rr("old 600 IN A 192.0.2.7")),
            tx => tx.Add(Rr("old 300 IN A 192.0.2.7")));

        condensed.IsEmpty.ShouldBeTrue();
    }

    [Test]
    public void Condense_AddedRemovedAndAddedAgain_IsOneAddition()
    {
        Changeset condensed = Condense(
            tx => tx.Add(Rr("x 300 IN TXT \"v\"")),
            tx => tx.Remove(Rr("x 300 IN TXT \"v\"")),
            tx => tx.Add(Rr("x 300 IN TXT \"v\"")),
            tx => tx.Remove(Rr("old 300 IN A 192.0.2.7")));

        condensed.Added.ShouldBe([Rr("x 300 IN TXT \"v\"")]);
        condensed.Removed.ShouldBe([Rr("old 300 IN A 192.0.2.7")]);
    }

    private static Changeset Condense(params Action<ZoneTransaction>[] steps)
    {
        ZoneVersion version = Load("old 300 IN A 192.0.2.7");
        var changes = new List<Changeset>();
        foreach (Action<ZoneTransaction> step in steps)
        {
            var transaction = new ZoneTransaction(version);
            step(transaction);
            (version, Changeset change) = transaction.Commit(version.Serial + 1);
            changes.Add(change);
        }

        return ChangesetCondenser.Condense(changes);
    }

    /// <summary>A journal holding one changeset per label, each adding a TXT record at that label, serials 1, 2, 3...</summary>
    private static (ChangesetChain Journal, List<Changeset> Changes) Build(JournalOptions options, params string[] labels)
    {
        var journal = new ChangesetChain(options);
        var changes = new List<Changeset>();
        ZoneVersion version = Load();
        foreach (string label in labels)
        {
            var transaction = new ZoneTransaction(version);
            transaction.Add(Rr($"{label} 300 IN TXT \"{label}\""));
            (version, Changeset change) = transaction.Commit(version.Serial + 1);
            journal.Append(change);
            changes.Add(change);
        }

        return (journal, changes);
    }
}
