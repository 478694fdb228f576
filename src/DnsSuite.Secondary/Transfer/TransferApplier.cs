using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;

namespace DnsSuite.Secondary.Transfer;

/// <summary>
/// Turns a transfer into a validated version: a whole zone through <see cref="ZoneVersion.Create(DomainName, IEnumerable{ResourceRecord}, out IReadOnlyList{string}, int)"/>,
/// a history through one <see cref="ZoneTransaction"/> per step. An RRset over the zone's record limit fails the transfer
/// (<see cref="TransferFailureKind.Invalid"/>), as BIND 9.18.28 and later fail it: the served version stays.
/// </summary>
internal static class TransferApplier
{
    /// <param name="maxRecordsPerRRset">The most records of one RRset (0: any number).</param>
    public static ZoneVersion ApplyFull(DomainName origin, IReadOnlyList<ResourceRecord> records, int maxRecordsPerRRset)
    {
        try
        {
            return ZoneVersion.Create(origin, records, out _, maxRecordsPerRRset);
        }
        catch (ZoneValidationException e)
        {
            throw new TransferException(TransferFailureKind.Invalid, $"the transferred zone is invalid: {string.Join("; ", e.Problems)}", e);
        }
    }

    /// <summary>Applies each step in order (RFC 1995 §4: delete the old records, add the new), yielding the last version and every changeset.</summary>
    /// <param name="maxRecordsPerRRset">The most records an RRset a step adds to may end with (0: any number).</param>
    public static (ZoneVersion Version, IReadOnlyList<Changeset> Changes) ApplyDiffs(ZoneVersion current, IReadOnlyList<IxfrDiff> diffs, int maxRecordsPerRRset)
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

            var transaction = new ZoneTransaction(version, maxRecordsPerRRset);
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
