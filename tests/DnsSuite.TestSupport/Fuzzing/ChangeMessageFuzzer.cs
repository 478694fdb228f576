using DnsSuite.ChangeLog.Contract;
using DnsSuite.Primary.Materialization;
using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Zones;

namespace DnsSuite.TestSupport.Fuzzing;

/// <summary>
/// Runs an untrusted change-log value through decoding and applying, as a primary does, and throws
/// <see cref="CodecFuzzException"/> when they break a promise: a bad message is a <see cref="ChangeRejected"/> with a
/// reason, never an exception, and the zone it was applied to is unchanged by a rejection.
/// </summary>
public sealed class ChangeMessageFuzzer
{
    private const int MaxReasonLength = 4096;

    public static readonly DomainName Origin = DomainName.Parse("example.com.");

    private static readonly ZoneVersion Basis = ZoneVersion.Create(Origin, [
        new ResourceRecord(Origin, 3600, Rdata.Parse(RecordType.SOA, "ns1 hostmaster 1 7200 900 1209600 300", Origin)),
        new ResourceRecord(Origin, 3600, Rdata.Parse(RecordType.NS, "ns1", Origin)),
        new ResourceRecord(DomainName.Parse("ns1", Origin), 3600, Rdata.Parse(RecordType.A, "192.0.2.53", Origin)),
        new ResourceRecord(DomainName.Parse("www", Origin), 300, Rdata.Parse(RecordType.A, "192.0.2.1", Origin)),
    ]);

    public long Applied { get; private set; }

    public long Rejected { get; private set; }

    public void Check(byte[] input)
    {
        try
        {
            if (!ChangeApplier.TryDecode(ChangeApplier.KeyOf(Origin), input, out DecodedChange? change, out ChangeRejected? rejection))
            {
                Reject(input, rejection);
                return;
            }

            var head = new ZoneHead(new ZoneDraft(Basis), SerialPolicy.Increment);
            ApplyResult result = ChangeApplier.Apply(change, head, null, DateTimeOffset.UnixEpoch, OversizedRRset.DefaultLimit);
            if (result is ChangeRejected rejected)
            {
                Reject(input, rejected);
                if (!head.Zone.ToVersion().EnumerateRecords().SequenceEqual(Basis.EnumerateRecords()))
                {
                    throw new CodecFuzzException(input, "a rejected message changed the zone");
                }

                return;
            }

            Applied++;
        }
        catch (CodecFuzzException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new CodecFuzzException(input, e.GetType().Name + ": " + e.Message, e);
        }
    }

    private void Reject(byte[] input, ChangeRejected rejection)
    {
        if (string.IsNullOrEmpty(rejection.Message) || rejection.Message.Length > MaxReasonLength)
        {
            throw new CodecFuzzException(input, $"a rejection without a bounded reason ({rejection.Message.Length} characters)");
        }

        Rejected++;
    }
}
