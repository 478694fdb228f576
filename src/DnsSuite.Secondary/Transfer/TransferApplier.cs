using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;

namespace DnsSuite.Secondary.Transfer;

/// <summary>Turns a transfer into a validated version: a whole zone through <see cref="ZoneVersion.Create(DomainName, IEnumerable{ResourceRecord})"/>, a history through one <see cref="ZoneTransaction"/> per step.</summary>
internal static class TransferApplier
{
    public static ZoneVersion ApplyFull(DomainName origin, IReadOnlyList<ResourceRecord> records)
    {
        try
        {
            return ZoneVersion.Create(origin, records);
        }
        catch (ZoneValidationException e)
        {
            throw new TransferException(TransferFailureKind.Invalid, $"the transferred zone is invalid: {string.Join("; ", e.Problems)}", e);
        }
    }

    /// <summary>Applies each step in order (RFC 1995 §4: delete the old records, add the new), yielding the last version and every changeset.</summary>
    public static (ZoneVersion Version, IReadOnlyList<Changeset> Changes) ApplyDiffs(ZoneVersion current, IReadOnlyList<IxfrDiff> diffs)
    {
        var changes = new List<Changeset>(diffs.Count);
        ZoneVersion version = current;
        foreach (IxfrDiff diff in diffs)
        {
            uint from = ((SoaRdata)diff.FromSoa.Data).Serial;
            uint to = ((SoaRdata)diff.ToSoa.Data).Serial;
            if (from != version.Serial)
            {
                throw new TransferException(TransferFailureKind.Inconsistent, $"a step starts at serial {from}, the version it follows has {version.Serial}");
            }

            var transaction = new ZoneTransaction(version);
            try
            {
                foreach (ResourceRecord removed in diff.Removed)
                {
                    if (!transaction.Remove(removed))
                    {
                        throw new TransferException(TransferFailureKind.Inconsistent, $"step {from} -> {to} removes {removed}, which serial {from} does not hold");
                    }
                }

                foreach (ResourceRecord added in diff.Added)
                {
                    transaction.Add(added);
                }

                transaction.Add(diff.ToSoa);
                (version, Changeset changeset) = transaction.Commit(to);
                changes.Add(changeset);
            }
            catch (ZoneValidationException e)
            {
                throw new TransferException(TransferFailureKind.Invalid, $"step {from} -> {to} yields an invalid zone: {string.Join("; ", e.Problems)}", e);
            }
        }

        return (version, changes);
    }
}
