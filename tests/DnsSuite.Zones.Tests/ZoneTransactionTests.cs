using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.TestSupport;
using static DnsSuite.Zones.Tests.TestZones;

namespace DnsSuite.Zones.Tests;

public class ZoneTransactionTests
{
    [Test]
    public void Add_IsVisibleThroughTransactionButNotInBasis()
    {
        ZoneVersion basis = Load();
        var transaction = new ZoneTransaction(basis);

        transaction.Add(Rr("www 300 IN A 192.0.2.1")).ShouldBeTrue();

        transaction.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.A)!.Count.ShouldBe(1);
        basis.TryGetNode(Name("www"), out _).ShouldBeFalse();
        transaction.HasChanges.ShouldBeTrue();
    }

    [Test]
    public void Commit_OfAnRRsetThatGainedRecordsPastTheLimit_ThrowsNamingIt_AndRollsBack()
    {
        ZoneVersion basis = Load("big 300 IN A 192.0.2.1", "big 300 IN A 192.0.2.2");
        var transaction = new ZoneTransaction(basis, maxRecordsPerRRset: 2);
        transaction.Add(Rr("big 300 IN A 192.0.2.3"));

        ZoneValidationException error = Should.Throw<ZoneValidationException>(() => transaction.Commit(2));

        error.Oversized.ShouldBe(new OversizedRRset(Name("big"), RecordType.A, 3, 2));
        error.Problems.ShouldHaveSingleItem().ShouldStartWith($"{Name("big")} A: the RRset would hold 3 records, more than the 2 one RRset may hold");
        foreach (int limit in new[] { 3, OversizedRRset.Unlimited })
        {
            var within = new ZoneTransaction(basis, limit);
            within.Add(Rr("big 300 IN A 192.0.2.3"));
            within.Commit(2).Version.RecordCount.ShouldBe(basis.RecordCount + 1);
        }
    }

    [Test]
    public void Commit_OfAnRRsetAlreadyOverTheLimit_TakesRemovalsAndTtlChanges_ButNoAdditionOrReplacement()
    {
        ZoneVersion basis = Load("big 300 IN A 192.0.2.1", "big 300 IN A 192.0.2.2", "big 300 IN A 192.0.2.3");

        var shrink = new ZoneTransaction(basis, maxRecordsPerRRset: 1);
        shrink.Remove(Rr("big 300 IN A 192.0.2.1"));
        shrink.Add(Rr("big 60 IN A 192.0.2.2"));
        shrink.Commit(2).Version.TryGetNode(Name("big"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.A)!.Ttl.ShouldBe(60u);

        var swap = new ZoneTransaction(basis, maxRecordsPerRRset: 1);
        swap.ReplaceRRset(Name("big"), 300, [Rdata.Parse(RecordType.A, "192.0.2.7"), Rdata.Parse(RecordType.A, "192.0.2.8")]);
        Should.Throw<ZoneValidationException>(() => swap.Commit(2)).Oversized!.Count.ShouldBe(2);
    }

    [Test]
    public void Add_ExistingRecord_ReturnsFalse()
    {
        var transaction = new ZoneTransaction(Load("www 300 IN A 192.0.2.1"));

        transaction.Add(Rr("WWW 300 IN A 192.0.2.1")).ShouldBeFalse();
        transaction.HasChanges.ShouldBeFalse();
    }

    [Test]
    public void Remove_AbsentRecord_ReturnsFalse()
    {
        var transaction = new ZoneTransaction(Load("www 300 IN A 192.0.2.1"));

        transaction.Remove(Rr("www 300 IN A 192.0.2.2")).ShouldBeFalse();
        transaction.Remove(Rr("other 300 IN A 192.0.2.1")).ShouldBeFalse();
        transaction.Remove(Records.Rr("www.example.net. 300 IN A 192.0.2.1")).ShouldBeFalse();
    }

    [Test]
    public void Remove_IgnoresTtl()
    {
        var transaction = new ZoneTransaction(Load("www 300 IN A 192.0.2.1"));

        transaction.Remove(Rr("www 999 IN A 192.0.2.1")).ShouldBeTrue();

        transaction.TryGetNode(Name("www"), out _).ShouldBeFalse();
    }

    [Test]
    public void AddThenRemove_HasNoChanges()
    {
        var transaction = new ZoneTransaction(Load());

        transaction.Add(Rr("a.b 300 IN A 192.0.2.1"));
        transaction.Remove(Rr("a.b 300 IN A 192.0.2.1"));

        transaction.HasChanges.ShouldBeFalse();
        transaction.TryGetNode(Name("b"), out _).ShouldBeFalse();
    }

    [Test]
    public void Commit_LeavesBasisUnchangedAndSharesUntouchedNodes()
    {
        ZoneVersion basis = Load("www 300 IN A 192.0.2.1", "mail 300 IN A 192.0.2.2");
        string[] before = Texts(basis.EnumerateRecords());
        var transaction = new ZoneTransaction(basis);
        transaction.Add(Rr("www 300 IN A 192.0.2.3"));
        transaction.Remove(Rr("mail 300 IN A 192.0.2.2"));

        (ZoneVersion next, _) = transaction.Commit(2);

        Texts(basis.EnumerateRecords()).ShouldBe(before);
        basis.Serial.ShouldBe(1u);
        next.Serial.ShouldBe(2u);
        basis.TryGetNode(Name("ns1"), out ZoneNode? oldNs).ShouldBeTrue();
        next.TryGetNode(Name("ns1"), out ZoneNode? newNs).ShouldBeTrue();
        newNs.ShouldBeSameAs(oldNs);
        next.TryGetNode(Name("mail"), out _).ShouldBeFalse();
        next.RecordCount.ShouldBe(basis.RecordCount);
    }

    [Test]
    public void Commit_ChangesetListsRemovedAndAddedWithSoas()
    {
        ZoneVersion basis = Load("www 300 IN A 192.0.2.1", "mail 300 IN A 192.0.2.2", "mail 300 IN TXT \"m\"");
        var transaction = new ZoneTransaction(basis);
        transaction.Add(Rr("www 300 IN A 192.0.2.3"));
        transaction.RemoveName(Name("mail")).ShouldBe(2);
        transaction.Add(Rr("new 300 IN TXT \"n\""));

        (ZoneVersion next, Changeset changes) = transaction.Commit(7);

        changes.From.Serial.ShouldBe(1u);
        changes.To.Serial.ShouldBe(7u);
        changes.To.ShouldBe(next.Soa);
        changes.SoaTtl.ShouldBe(3600u);
        Texts(changes.Removed).ShouldBe(["mail.example. 300 IN A 192.0.2.2", "mail.example. 300 IN TXT \"m\""]);
        Texts(changes.Added).ShouldBe(["new.example. 300 IN TXT \"n\"", "www.example. 300 IN A 192.0.2.3"]);
        changes.IsEmpty.ShouldBeFalse();
    }

    [Test]
    public void ReplaceRRset_WritesTheRRsetOnce_AndTheChangesetHasOnlyTheDifference()
    {
        ZoneVersion basis = Load("www 300 IN A 192.0.2.1", "www 300 IN A 192.0.2.2", "www 300 IN TXT \"w\"", "a.www 300 IN A 192.0.2.9");
        var transaction = new ZoneTransaction(basis);

        transaction.ReplaceRRset(Name("www"), 300, [Rr("www 300 IN A 192.0.2.3").Data, Rr("www 300 IN A 192.0.2.2").Data, Rr("www 300 IN A 192.0.2.3").Data]).ShouldBeTrue();
        (ZoneVersion next, Changeset changes) = transaction.Commit(2);

        next.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.A)!.Select(data => data.ToString()).ShouldBe(["192.0.2.2", "192.0.2.3"]);
        node.Find(RecordType.TXT).ShouldNotBeNull();
        node.HasChildren.ShouldBeTrue();
        next.RecordCount.ShouldBe(basis.RecordCount);
        Texts(changes.Removed).ShouldBe(["www.example. 300 IN A 192.0.2.1"]);
        Texts(changes.Added).ShouldBe(["www.example. 300 IN A 192.0.2.3"]);
    }

    [Test]
    public void ReplaceRRset_OfANamesOnlyRRset_KeepsTheName_AndANewTtlReplacesEveryRecord()
    {
        ZoneVersion basis = Load("host 300 IN A 192.0.2.1", "host 300 IN A 192.0.2.2");
        var transaction = new ZoneTransaction(basis);

        transaction.ReplaceRRset(Name("host"), 600, [Rr("host 600 IN A 192.0.2.2").Data]).ShouldBeTrue();
        (ZoneVersion next, Changeset changes) = transaction.Commit(2);

        next.NodeCount.ShouldBe(basis.NodeCount);
        next.TryGetNode(Name("host"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.A)!.Ttl.ShouldBe(600u);
        Texts(changes.Removed).ShouldBe(["host.example. 300 IN A 192.0.2.1", "host.example. 300 IN A 192.0.2.2"]);
        Texts(changes.Added).ShouldBe(["host.example. 600 IN A 192.0.2.2"]);
    }

    [Test]
    public void ReplaceRRset_WithTheSameRecords_ReturnsFalse_AndOutsideTheZone_Throws()
    {
        var transaction = new ZoneTransaction(Load("www 300 IN A 192.0.2.1"));

        transaction.ReplaceRRset(Name("WWW"), 300, [Rr("www 300 IN A 192.0.2.1").Data]).ShouldBeFalse();
        Should.Throw<ZoneValidationException>(() => transaction.ReplaceRRset(DomainName.Parse("www.example.net."), 300, [Rr("www 300 IN A 192.0.2.1").Data]))
            .Problems.ShouldHaveSingleItem().ShouldBe("www.example.net. A: the name is outside the zone example.");
        transaction.HasChanges.ShouldBeFalse();
    }

    [Test]
    public void Commit_WithoutChanges_OnlyBumpsSerial()
    {
        ZoneVersion basis = Load();
        var transaction = new ZoneTransaction(basis);
        transaction.HasChanges.ShouldBeFalse();

        (ZoneVersion next, Changeset changes) = transaction.Commit(5);

        Should.Throw<InvalidOperationException>(() => transaction.HasChanges);
        changes.IsEmpty.ShouldBeTrue();
        next.Serial.ShouldBe(5u);
        next.TryGetNode(Origin, out ZoneNode? apex).ShouldBeTrue();
        ((SoaRdata)apex.Find(RecordType.SOA)![0]).Serial.ShouldBe(5u);
    }

    [Test]
    public void Commit_ExplicitSoa_IsHonouredButSerialWins()
    {
        var transaction = new ZoneTransaction(Load());

        transaction.Add(Rr("@ 600 IN SOA ns1 admin 99 1000 100 100000 60")).ShouldBeTrue();
        (ZoneVersion next, Changeset changes) = transaction.Commit(3);

        next.Soa.ToString().ShouldBe("ns1.example. admin.example. 3 1000 100 100000 60");
        next.SoaTtl.ShouldBe(600u);
        next.RecordCount.ShouldBe(3);
        changes.Removed.ShouldBeEmpty();
        changes.Added.ShouldBeEmpty();
        changes.SoaTtl.ShouldBe(600u);
    }

    [Test]
    public void Add_WithOtherTtl_SetsTtlOfWholeRRsetAndChangesetReplacesIt()
    {
        var transaction = new ZoneTransaction(Load("www 300 IN A 192.0.2.1"));

        transaction.Add(Rr("www 600 IN A 192.0.2.2")).ShouldBeTrue();
        transaction.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.A)!.Ttl.ShouldBe(600u);
        (_, Changeset changes) = transaction.Commit(2);

        Texts(changes.Removed).ShouldBe(["www.example. 300 IN A 192.0.2.1"]);
        Texts(changes.Added).ShouldBe(["www.example. 600 IN A 192.0.2.1", "www.example. 600 IN A 192.0.2.2"]);
    }

    [Test]
    public void Add_ExistingRecordWithOtherTtl_ChangesTtl()
    {
        var transaction = new ZoneTransaction(Load("www 300 IN A 192.0.2.1"));

        transaction.Add(Rr("www 60 IN A 192.0.2.1")).ShouldBeTrue();

        transaction.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.Find(RecordType.A)!.Ttl.ShouldBe(60u);
    }

    [Test]
    public void Add_DeepName_CreatesEmptyNonTerminalsAndRemoveDeletesThem()
    {
        ZoneVersion basis = Load("c 300 IN TXT \"keep\"");
        var adding = new ZoneTransaction(basis);
        adding.Add(Rr("a.b.c 300 IN A 192.0.2.1"));
        (ZoneVersion added, _) = adding.Commit(2);

        added.TryGetNode(Name("b.c"), out ZoneNode? ent).ShouldBeTrue();
        ent.IsEmptyNonTerminal.ShouldBeTrue();
        added.NodeCount.ShouldBe(basis.NodeCount + 2);

        var removing = new ZoneTransaction(added);
        removing.Remove(Rr("a.b.c 300 IN A 192.0.2.1"));
        (ZoneVersion removed, _) = removing.Commit(3);

        removed.TryGetNode(Name("b.c"), out _).ShouldBeFalse();
        removed.TryGetNode(Name("c"), out ZoneNode? kept).ShouldBeTrue();
        kept.HasChildren.ShouldBeFalse();
        removed.NodeCount.ShouldBe(basis.NodeCount);
    }

    [Test]
    public void Remove_LastRecordOfNameWithChildren_LeavesEmptyNonTerminal()
    {
        var transaction = new ZoneTransaction(Load("b 300 IN A 192.0.2.1", "a.b 300 IN A 192.0.2.2"));

        transaction.Remove(Rr("b 300 IN A 192.0.2.1"));
        (ZoneVersion next, _) = transaction.Commit(2);

        next.TryGetNode(Name("b"), out ZoneNode? node).ShouldBeTrue();
        node.IsEmptyNonTerminal.ShouldBeTrue();
    }

    [Test]
    public void Add_UnderEmptyNonTerminal_TurnsItIntoData()
    {
        var transaction = new ZoneTransaction(Load("a.b 300 IN A 192.0.2.2"));

        transaction.Add(Rr("b 300 IN A 192.0.2.1"));
        (ZoneVersion next, _) = transaction.Commit(2);

        next.TryGetNode(Name("b"), out ZoneNode? node).ShouldBeTrue();
        node.IsEmptyNonTerminal.ShouldBeFalse();
        node.HasChildren.ShouldBeTrue();
    }

    [Test]
    public void Commit_KeepsFlagsInStepWithChanges()
    {
        var adding = new ZoneTransaction(Load());
        adding.Add(Rr("sub 300 IN NS ns.x."));
        adding.Add(Rr("old 300 IN DNAME new.example."));
        adding.Add(Rr("*.w 300 IN A 192.0.2.1"));
        (ZoneVersion populated, _) = adding.Commit(2);

        populated.HasDelegations.ShouldBeTrue();
        populated.HasDnames.ShouldBeTrue();
        populated.HasWildcards.ShouldBeTrue();

        var removing = new ZoneTransaction(populated);
        removing.RemoveRRset(Name("sub"), RecordType.NS).ShouldBe(1);
        removing.RemoveName(Name("old")).ShouldBe(1);
        removing.RemoveName(Name("*.w")).ShouldBe(1);
        (ZoneVersion without, _) = removing.Commit(3);

        without.HasDelegations.ShouldBeFalse();
        without.HasDnames.ShouldBeFalse();
        without.HasWildcards.ShouldBeFalse();
        populated.HasDelegations.ShouldBeTrue();
    }

    [Test]
    public void RemoveName_AtApex_KeepsSoaAndNs()
    {
        var transaction = new ZoneTransaction(Load("@ 300 IN TXT \"x\"", "@ 300 IN A 192.0.2.1"));

        transaction.RemoveName(Origin).ShouldBe(2);
        (ZoneVersion next, _) = transaction.Commit(2);

        next.TryGetNode(Origin, out ZoneNode? apex).ShouldBeTrue();
        apex.RRsets.Select(s => s.Type).ShouldBe([RecordType.NS, RecordType.SOA]);
    }

    [Test]
    public void Add_OutOfZone_Throws()
    {
        var transaction = new ZoneTransaction(Load());

        Should.Throw<ZoneValidationException>(() => transaction.Add(Records.Rr("www.example.net. 300 IN A 192.0.2.1")))
            .Problems.ShouldHaveSingleItem().ShouldBe("www.example.net. A: the name is outside the zone example.");
        transaction.HasChanges.ShouldBeFalse();
    }

    [Test]
    public void Commit_Twice_Throws()
    {
        var transaction = new ZoneTransaction(Load());
        transaction.Commit(2);

        Should.Throw<InvalidOperationException>(() => transaction.Commit(3));
        Should.Throw<InvalidOperationException>(() => transaction.Add(Rr("www 300 IN A 192.0.2.1")));
    }

    [Test]
    public void Commit_CnameConflict_IsRejectedAndBasisUntouched()
    {
        ZoneVersion basis = Load("www 300 IN A 192.0.2.1");

        CommitProblems(basis, t => t.Add(Rr("www 300 IN CNAME target.example.")))
            .ShouldHaveSingleItem().ShouldStartWith("www.example. CNAME: other data at the same name (A)");
        basis.TryGetNode(Name("www"), out ZoneNode? node).ShouldBeTrue();
        node.RRsets.Select(s => s.Type).ShouldBe([RecordType.A]);
        basis.Serial.ShouldBe(1u);
    }

    [Test]
    public void Commit_RemovingApexNs_IsRejected()
    {
        CommitProblems(Load(), t => t.RemoveRRset(Origin, RecordType.NS))
            .ShouldHaveSingleItem().ShouldBe("example. NS: the zone has no NS records at its apex");
    }

    [Test]
    public void Commit_RemovingSoa_IsRejected()
    {
        CommitProblems(Load(), t => t.RemoveRRset(Origin, RecordType.SOA))
            .ShouldHaveSingleItem().ShouldBe("example. SOA: the zone has no SOA record at its apex");
    }

    [Test]
    public void Commit_SoaBelowApex_IsRejected()
    {
        CommitProblems(Load(), t => t.Add(Rr("www 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300")))
            .ShouldHaveSingleItem().ShouldStartWith("www.example. SOA: an SOA record below the apex");
    }

    [Test]
    public void Commit_DataAddedBelowDname_IsRejected()
    {
        CommitProblems(Load("old 300 IN DNAME new.example."), t => t.Add(Rr("www.old 300 IN A 192.0.2.1")))
            .ShouldHaveSingleItem().ShouldStartWith("www.old.example. A: the name is below the DNAME at old.example.");
    }

    [Test]
    public void Commit_DnameAddedAboveData_IsRejected()
    {
        CommitProblems(Load("www.old 300 IN A 192.0.2.1"), t => t.Add(Rr("old 300 IN DNAME new.example.")))
            .ShouldHaveSingleItem().ShouldStartWith("old.example. DNAME: names exist below the DNAME");
    }

    [Test]
    public void Commit_DelegationAddedAboveGlue_IsAccepted()
    {
        var transaction = new ZoneTransaction(Load("ns.sub 300 IN A 192.0.2.1", "x.y.sub 300 IN AAAA \\# 16 20010db8000000000000000000000001"));
        transaction.Add(Rr("sub 300 IN NS ns.sub"));

        (ZoneVersion next, _) = transaction.Commit(2);

        next.HasDelegations.ShouldBeTrue();
    }

    [Test]
    public void Commit_DelegationAddedAboveOtherData_IsRejected()
    {
        CommitProblems(Load("ns.sub 300 IN A 192.0.2.1", "x.y.sub 300 IN TXT \"t\""), t => t.Add(Rr("sub 300 IN NS ns.sub")))
            .ShouldHaveSingleItem().ShouldStartWith("sub.example. NS: the delegation would hide data below it other than glue");
    }

    [Test]
    public void Commit_DelegationAfterOtherDataRemoved_IsAccepted()
    {
        var transaction = new ZoneTransaction(Load("x.y.sub 300 IN TXT \"t\"", "x.y.sub 300 IN A 192.0.2.1"));
        transaction.RemoveRRset(Name("x.y.sub"), RecordType.TXT);
        transaction.Add(Rr("sub 300 IN NS ns.x."));

        (ZoneVersion next, _) = transaction.Commit(2);

        next.HasDelegations.ShouldBeTrue();
    }

    [Test]
    public void Commit_NonGlueAddedBelowDelegation_IsRejected()
    {
        CommitProblems(Load("sub 300 IN NS ns.x."), t => t.Add(Rr("www.sub 300 IN TXT \"t\"")))
            .ShouldHaveSingleItem().ShouldStartWith("www.sub.example. TXT: the name is below the delegation at sub.example.");
    }

    [Test]
    public void Commit_GlueAddedBelowDelegation_IsAccepted()
    {
        var transaction = new ZoneTransaction(Load("sub 300 IN NS ns.sub"));
        transaction.Add(Rr("ns.sub 300 IN A 192.0.2.1"));

        Should.NotThrow(() => transaction.Commit(2));
    }

    [Test]
    public void Commit_ValidationFailure_ListsEveryProblem()
    {
        CommitProblems(Load("www 300 IN A 192.0.2.1"), t =>
        {
            t.Add(Rr("www 300 IN CNAME x."));
            t.RemoveRRset(Origin, RecordType.NS);
        }).Count.ShouldBe(2);
    }

    [Test]
    public void Draft_RunOfTransactions_BuildsOnlyTheVersionAskedFor()
    {
        ZoneVersion basis = Load();
        var draft = new ZoneDraft(basis);
        draft.ToVersion().ShouldBeSameAs(basis);

        using (ZoneTransaction first = draft.Begin())
        {
            first.Add(Rr("a 300 IN A 192.0.2.1"));
            first.CommitChanges(2).Added.Select(r => r.ToString()).ShouldBe(["a.example. 300 IN A 192.0.2.1"]);
        }

        using (ZoneTransaction second = draft.Begin())
        {
            second.TryGetNode(Name("a"), out _).ShouldBeTrue();
            second.BasisSoa.Serial.ShouldBe(2u);
            second.Add(Rr("b 300 IN A 192.0.2.2"));
            Changeset changes = second.CommitChanges(3);
            changes.From.Serial.ShouldBe(2u);
            changes.To.Serial.ShouldBe(3u);
        }

        ZoneVersion version = draft.ToVersion();
        version.Serial.ShouldBe(3u);
        Texts(version.EnumerateRecords()).ShouldContain("a.example. 300 IN A 192.0.2.1");
        Texts(version.EnumerateRecords()).ShouldContain("b.example. 300 IN A 192.0.2.2");
        draft.ToVersion().ShouldBeSameAs(version);
        basis.TryGetNode(Name("a"), out _).ShouldBeFalse();
    }

    [Test]
    public void Draft_TransactionDisposedWithoutCommit_LeavesNoTrace()
    {
        ZoneVersion basis = Load("old.deep 300 IN A 192.0.2.9");
        var draft = new ZoneDraft(basis);
        basis.TryGetNode(Name("deep"), out ZoneNode? emptyNonTerminal).ShouldBeTrue();

        using (ZoneTransaction transaction = draft.Begin())
        {
            transaction.Add(Rr("new.sub.deeper 300 IN MX 10 mail"));
            transaction.RemoveName(Name("old.deep"));
            transaction.TryGetNode(Name("deep"), out _).ShouldBeFalse();
        }

        draft.TryGetNode(Name("deeper"), out _).ShouldBeFalse();
        draft.TryGetNode(Name("deep"), out ZoneNode? restored).ShouldBeTrue();
        restored.ShouldBeSameAs(emptyNonTerminal);
        draft.ToVersion().ShouldBeSameAs(basis);
    }

    [Test]
    public void Draft_FailedCommit_RollsBackAndTheDraftGoesOn()
    {
        var draft = new ZoneDraft(Load("www 300 IN A 192.0.2.1"));
        ZoneTransaction failing = draft.Begin();
        failing.Add(Rr("www 300 IN CNAME elsewhere."));

        Should.Throw<ZoneValidationException>(() => failing.CommitChanges(2));
        Should.Throw<InvalidOperationException>(() => failing.Add(Rr("x 300 IN A 192.0.2.2")));

        using ZoneTransaction next = draft.Begin();
        next.TryGetNode(Name("www"), out ZoneNode? www).ShouldBeTrue();
        www.Find(RecordType.CNAME).ShouldBeNull();
        next.BasisSoa.Serial.ShouldBe(1u);
    }

    [Test]
    public void Draft_SecondTransactionWhileOneIsOpen_Throws()
    {
        var draft = new ZoneDraft(Load());
        using ZoneTransaction open = draft.Begin();

        Should.Throw<InvalidOperationException>(() => draft.Begin()).Message.ShouldContain("is open");
    }
}
