using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Text;

namespace DnsSuite.Zones.Journal;

/// <summary>
/// The one text form of a zone's journal, used wherever a journal is kept outside memory (a primary's snapshots, a
/// secondary's data directory): each changeset as master-file text in the order of an IXFR body (RFC 1995 §4), the old
/// SOA, the records removed, the new SOA (its TTL is the new SOA's), the records added (<see cref="ChangesetText"/>);
/// a history is its changesets in order, oldest first, and must be contiguous and end at the zone's serial.
/// </summary>
public static class JournalText
{
    /// <summary>The four texts of one changeset.</summary>
    public static ChangesetText Encode(DomainName origin, Changeset changes)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(changes);
        return new ChangesetText(
            SoaLine(origin, changes.SoaTtl, changes.From),
            SoaLine(origin, changes.SoaTtl, changes.To),
            ZoneFileWriter.ToText(origin, changes.Removed),
            ZoneFileWriter.ToText(origin, changes.Added));
    }

    /// <summary>The changeset the four texts hold. Throws <see cref="ZoneFormatException"/> when one does not parse or an SOA line is not the zone's SOA.</summary>
    public static Changeset Decode(DomainName origin, ChangesetText text)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(text);
        SoaRdata from = ReadSoa(text.From, origin, out _);
        SoaRdata to = ReadSoa(text.To, origin, out uint soaTtl);
        return new Changeset(from, to, soaTtl, [.. ZoneFileReader.Read(text.Removed, origin)], [.. ZoneFileReader.Read(text.Added, origin)]);
    }

    /// <summary>Writes <paramref name="history"/> as one text, changeset after changeset.</summary>
    public static void Write(TextWriter writer, DomainName origin, IReadOnlyList<Changeset> history)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(history);
        foreach (Changeset changes in history)
        {
            ChangesetText text = Encode(origin, changes);
            writer.WriteLine(text.From);
            writer.Write(text.Removed);
            writer.WriteLine(text.To);
            writer.Write(text.Added);
        }
    }

    /// <summary>
    /// The history a text written by <see cref="Write"/> holds, oldest first. Throws <see cref="ZoneFormatException"/>
    /// (naming <paramref name="fileName"/>) when it does not parse or its changesets do not follow one another.
    /// </summary>
    public static IReadOnlyList<Changeset> Read(string text, DomainName origin, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var history = new List<Changeset>();
        ResourceRecord? from = null, to = null;
        List<ResourceRecord> removed = [], added = [];
        foreach (ResourceRecord record in ZoneFileReader.Read(text, origin, fileName))
        {
            if (record.Data is not SoaRdata || record.Name != origin)
            {
                if (from is null)
                {
                    throw new ZoneFormatException($"the journal of {origin} does not start with a SOA", fileName, 1, 1);
                }

                (to is null ? removed : added).Add(record);
            }
            else if (from is null)
            {
                from = record;
            }
            else if (to is null)
            {
                to = record;
            }
            else
            {
                Add();
                from = record;
            }
        }

        if (from is not null)
        {
            Add();
        }

        return CheckContiguous(history, null) is { } problem ? throw new ZoneFormatException($"the journal of {origin} {problem}", fileName, 1, 1) : history;

        void Add()
        {
            if (to is null)
            {
                throw new ZoneFormatException($"the last changeset of the journal of {origin} has no new SOA", fileName, 1, 1);
            }

            history.Add(new Changeset((SoaRdata)from!.Data, (SoaRdata)to.Data, to.Ttl, removed, added));
            to = null;
            removed = [];
            added = [];
        }
    }

    /// <summary>
    /// Why <paramref name="history"/> is not a journal that leads to serial <paramref name="endSerial"/> (null: to any
    /// serial), as a phrase ("jumps from serial 5 to 7"); null when it is one. An empty history leads anywhere.
    /// </summary>
    public static string? CheckContiguous(IReadOnlyList<Changeset> history, uint? endSerial)
    {
        ArgumentNullException.ThrowIfNull(history);
        for (int i = 1; i < history.Count; i++)
        {
            if (history[i - 1].To.Serial != history[i].From.Serial)
            {
                return $"jumps from serial {history[i - 1].To.Serial} to {history[i].From.Serial} (entry {i})";
            }
        }

        return history.Count > 0 && endSerial is { } serial && history[^1].To.Serial != serial
            ? $"ends at serial {history[^1].To.Serial}, not at the zone's serial {serial}"
            : null;
    }

    private static string SoaLine(DomainName origin, uint ttl, SoaRdata soa) =>
        ZoneFileWriter.ToText(origin, [new ResourceRecord(origin, ttl, soa)]).TrimEnd('\n');

    private static SoaRdata ReadSoa(string line, DomainName origin, out uint ttl)
    {
        ResourceRecord record = ZoneFileReader.ParseRecord(line, origin);
        if (record.Data is not SoaRdata soa || record.Name != origin)
        {
            throw new ZoneFormatException($"{Excerpt.Quote(line)} is not the SOA of {origin}", null, 1, 1);
        }

        ttl = record.Ttl;
        return soa;
    }
}
