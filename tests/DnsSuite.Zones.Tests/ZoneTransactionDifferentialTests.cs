using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using static DnsSuite.Zones.Tests.TestZones;

namespace DnsSuite.Zones.Tests;

/// <summary>Random transactions against a plain dictionary model of the zone's records.</summary>
public class ZoneTransactionDifferentialTests
{
    private static readonly string[] Owners = ["example.", "a.example.", "b.a.example.", "c.b.a.example.", "x.example.", "*.x.example.", "y.*.x.example.", "d.c.example."];
    private static readonly string[] Addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"];
    private static readonly uint[] Ttls = [300, 600];

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void RandomChanges_MatchModelAndKeepEveryVersionIntact(int seed)
    {
        var random = new Random(seed);
        ZoneVersion version = Load();
        Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)> model = ModelOf(version);

        var history = new List<(ZoneVersion Version, string[] Records)>();
        for (uint serial = 2; serial < 300; serial++)
        {
            Dictionary<(string, RecordType), (uint, SortedSet<string>)> before = Copy(model);
            var transaction = new ZoneTransaction(version);
            int operations = random.Next(1, 6);
            for (int i = 0; i < operations; i++)
            {
                ApplyRandom(random, transaction, model);
            }

            (ZoneVersion next, Changeset changes) = transaction.Commit(serial);
            history.Add((version, Texts(version.EnumerateRecords())));

            Texts(next.EnumerateRecords()).Skip(1).ShouldBe(Expected(model), ignoreOrder: true, $"serial {serial}");
            next.RecordCount.ShouldBe(model.Values.Sum(v => v.Data.Count) + 1);
            CheckStructure(next, model);
            CheckChangeset(before, model, changes);
            next.HasWildcards.ShouldBe(next.EnumerateNodes().Any(n => n.Name.IsWildcard));
            version = next;
        }

        foreach ((ZoneVersion old, string[] records) in history)
        {
            Texts(old.EnumerateRecords()).ShouldBe(records);
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void RandomRunOnOneDraft_CommitsMatchModel_RollbacksRestoreTheVeryNodes(int seed)
    {
        var random = new Random(seed);
        ZoneVersion start = Load();
        string[] startRecords = Texts(start.EnumerateRecords());
        Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)> model = ModelOf(start);

        // Every name a change may touch, empty non-terminals included.
        DomainName[] names = [.. Owners.Select(owner => DomainName.Parse(owner)).SelectMany(Ancestry).Distinct()];
        var draft = new ZoneDraft(start);
        var versions = new List<(ZoneVersion Version, string[] Records)>();
        uint serial = start.Serial;
        int rollbacks = 0;
        for (int step = 0; step < 300; step++)
        {
            Dictionary<(string, RecordType), (uint, SortedSet<string>)> before = Copy(model);
            ZoneNode?[] nodesBefore = [.. names.Select(name => draft.TryGetNode(name, out ZoneNode? node) ? node : null)];
            bool rollBack = random.Next(3) == 0;
            using (ZoneTransaction transaction = draft.Begin())
            {
                int operations = random.Next(1, 6);
                for (int i = 0; i < operations; i++)
                {
                    ApplyRandom(random, transaction, model);
                }

                if (!rollBack)
                {
                    CheckChangeset(before, model, transaction.CommitChanges(++serial));
                    draft.Serial.ShouldBe(serial);
                }
            }

            if (rollBack)
            {
                rollbacks++;
                model = before;
                for (int i = 0; i < names.Length; i++)
                {
                    ZoneNode? now = draft.TryGetNode(names[i], out ZoneNode? node) ? node : null;
                    now.ShouldBeSameAs(nodesBefore[i], $"step {step}: {names[i]}");
                }
            }

            if (random.Next(10) == 0)
            {
                ZoneVersion version = draft.ToVersion();
                Texts(version.EnumerateRecords()).Skip(1).ShouldBe(Expected(model), ignoreOrder: true, $"step {step}");
                version.Serial.ShouldBe(serial);
                version.RecordCount.ShouldBe(model.Values.Sum(v => v.Data.Count) + 1);
                version.HasWildcards.ShouldBe(version.EnumerateNodes().Any(n => n.Name.IsWildcard));
                CheckStructure(version, model);
                versions.Add((version, Texts(version.EnumerateRecords())));
            }
        }

        rollbacks.ShouldBeGreaterThan(0);
        Texts(draft.ToVersion().EnumerateRecords()).Skip(1).ShouldBe(Expected(model), ignoreOrder: true);
        CheckStructure(draft.ToVersion(), model);
        Texts(start.EnumerateRecords()).ShouldBe(startRecords);
        foreach ((ZoneVersion old, string[] records) in versions)
        {
            Texts(old.EnumerateRecords()).ShouldBe(records);
        }
    }

    private static Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)> ModelOf(ZoneVersion version)
    {
        var model = new Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)>();
        foreach (ResourceRecord record in version.EnumerateRecords().Where(r => r.Type != RecordType.SOA))
        {
            ModelAdd(model, record);
        }

        return model;
    }

    private static IEnumerable<DomainName> Ancestry(DomainName name)
    {
        for (DomainName current = name; current.IsSubdomainOf(Origin); current = current.Parent())
        {
            yield return current;
            if (current == Origin)
            {
                yield break;
            }
        }
    }

    private static void ApplyRandom(Random random, ZoneTransaction transaction, Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)> model)
    {
        string owner = Owners[random.Next(Owners.Length)];
        bool txt = random.Next(3) == 0;
        string data = txt ? $"\"t{random.Next(2)}\"" : Addresses[random.Next(Addresses.Length)];
        ResourceRecord record = Rr($"{owner} {Ttls[random.Next(Ttls.Length)]} IN {(txt ? "TXT" : "A")} {data}");
        var key = (owner, record.Type);
        switch (random.Next(10))
        {
            case < 5:
                bool present = model.TryGetValue(key, out var set) && set.Data.Contains(data) && set.Ttl == record.Ttl;
                transaction.Add(record).ShouldBe(!present);
                ModelAdd(model, record);
                break;
            case < 8:
                bool exists = model.TryGetValue(key, out var existing) && existing.Data.Contains(data);
                transaction.Remove(record).ShouldBe(exists);
                if (exists)
                {
                    existing.Data.Remove(data);
                    if (existing.Data.Count == 0)
                    {
                        model.Remove(key);
                    }
                }

                break;
            case 8:
                int count = model.TryGetValue(key, out var whole) ? whole.Data.Count : 0;
                transaction.RemoveRRset(record.Name, record.Type).ShouldBe(count);
                model.Remove(key);
                break;
            default:
                var atName = model.Keys.Where(k => k.Owner == owner && !(owner == "example." && k.Type == RecordType.NS)).ToList();
                transaction.RemoveName(record.Name).ShouldBe(atName.Sum(k => model[k].Data.Count));
                atName.ForEach(k => model.Remove(k));
                break;
        }
    }

    private static void ModelAdd(Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)> model, ResourceRecord record)
    {
        var key = (record.Name.ToString(), record.Type);
        if (!model.TryGetValue(key, out var set))
        {
            set = (record.Ttl, new SortedSet<string>(StringComparer.Ordinal));
        }

        set.Data.Add(record.Data.ToString());
        model[key] = (record.Ttl, set.Data);
    }

    private static string[] Expected(Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)> model) =>
        [.. model.SelectMany(entry => entry.Value.Data.Select(data => $"{entry.Key.Owner} {entry.Value.Ttl} IN {entry.Key.Type} {data}"))];

    private static void CheckStructure(ZoneVersion version, Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)> model)
    {
        var expectedNames = new HashSet<string>();
        foreach (string owner in model.Keys.Select(k => k.Owner).Append("example."))
        {
            for (DomainName name = DomainName.Parse(owner); name.LabelCount >= Origin.LabelCount; name = name.Parent())
            {
                expectedNames.Add(name.ToString());
                if (name.LabelCount == Origin.LabelCount)
                {
                    break;
                }
            }
        }

        ZoneNode[] nodes = [.. version.EnumerateNodes()];
        nodes.Select(n => n.Name.ToString()).ShouldBe(expectedNames, ignoreOrder: true);
        version.NodeCount.ShouldBe(expectedNames.Count);
        foreach (ZoneNode node in nodes)
        {
            node.IsEmptyNonTerminal.ShouldBe(!model.Keys.Any(k => k.Owner == node.Name.ToString()) && node.Name != Origin, node.Name.ToString());
            node.HasChildren.ShouldBe(nodes.Any(n => n.Name.LabelCount == node.Name.LabelCount + 1 && n.Name.IsSubdomainOf(node.Name)), node.Name.ToString());
        }
    }

    private static void CheckChangeset(
        Dictionary<(string, RecordType), (uint, SortedSet<string>)> before,
        Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)> after,
        Changeset changes)
    {
        var records = new HashSet<string>(Expected(before));
        foreach (string removed in Texts(changes.Removed))
        {
            records.Remove(removed).ShouldBeTrue(removed);
        }

        foreach (string added in Texts(changes.Added))
        {
            records.Add(added).ShouldBeTrue(added);
        }

        records.ShouldBe(Expected(after), ignoreOrder: true);
    }

    private static Dictionary<(string, RecordType), (uint, SortedSet<string>)> Copy(Dictionary<(string Owner, RecordType Type), (uint Ttl, SortedSet<string> Data)> model) =>
        model.ToDictionary(e => e.Key, e => (e.Value.Ttl, new SortedSet<string>(e.Value.Data, StringComparer.Ordinal)));
}
