using DnsSuite.Protocol;
using DnsSuite.Protocol.Records;
using DnsSuite.Secondary.Transfer;
using DnsSuite.TestSupport;

namespace DnsSuite.Secondary.Tests;

/// <summary>A secondary holds to the zone rules whatever a primary sends: no RRset that DNS cannot carry.</summary>
public sealed class TransferApplierTests
{
    private static readonly DomainName Origin = DomainName.Parse("example.");

    [Test]
    public void Axfr_WithAnRRsetTooLargeForOneMessage_IsRejectedNamingTheRRset()
    {
        // Six TXT records of 45 strings of 255 octets: each fits a message, together they cannot be answered or sent.
        string strings = string.Join(' ', Enumerable.Repeat(new string('x', 255), 45));
        ResourceRecord[] records =
        [
            Records.Rr("example. 3600 IN SOA ns1.example. hostmaster.example. 1 7200 900 1209600 300"),
            Records.Rr("example. 3600 IN NS ns1.example."),
            Records.Rr("ns1.example. 3600 IN A 192.0.2.53"),
            .. Enumerable.Range(0, 6).Select(i => Records.Rr($"big.example. 300 IN TXT {i} {strings}")),
        ];

        TransferException error = Should.Throw<TransferException>(() => TransferApplier.ApplyFull(Origin, records));

        error.Kind.ShouldBe(TransferFailureKind.Invalid);
        error.Message.ShouldContain("big.example. TXT: the RRset of 6 records takes");
    }
}
