using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using static DnsSuite.Protocol.Tests.Tsig.TsigTestMessages;

namespace DnsSuite.Protocol.Tests.Tsig;

public class TsigStreamTests
{
    private readonly TsigKey _key = Key(TsigAlgorithm.HmacSha256);

    [Test]
    public void EveryMessageSigned_EachVerifies_AndTheStreamCompletes()
    {
        (TsigState client, TsigState server) = Handshake();
        byte[][] messages = Messages(5);
        using var signer = new TsigStreamSigner(server);
        using var verifier = new TsigStreamVerifier(client);

        foreach (byte[] message in messages)
        {
            byte[] signed = signer.Sign(message, Now);
            TsigVerifyResult result = verifier.Verify(signed, Now);
            result.Status.ShouldBe(TsigStatus.Verified, result.Reason);
        }

        verifier.MessageCount.ShouldBe(5);
        verifier.Complete().IsVerified.ShouldBeTrue();
    }

    [Test]
    public void LaterMessages_DigestOnlyTheTimers_SoTheirTsigErrorFieldIsNotCovered()
    {
        // RFC 8945 §5.3.1: after the first message the digest is prior MAC, message and timers.
        (TsigState client, TsigState server) = Handshake();
        using var signer = new TsigStreamSigner(server);
        using var verifier = new TsigStreamVerifier(client);
        verifier.Verify(signer.Sign(Messages(1)[0], Now), Now).IsVerified.ShouldBeTrue();
        byte[] second = signer.Sign(Messages(2)[1], Now);

        byte[] sameTimersOtherError = ReplaceTsig(second, r => new TsigRdata(r.Algorithm, r.TimeSigned, r.Fudge, r.Mac.ToArray(), r.OriginalId, ResponseCode.BadTrunc, []));

        verifier.Verify(sameTimersOtherError, Now).IsVerified.ShouldBeTrue();
    }

    [Test]
    public void UnsignedIntermediateMessages_AreCoveredByTheNextSignedOne()
    {
        (TsigState client, TsigState server) = Handshake();
        byte[][] messages = Messages(4);
        using var verifier = new TsigStreamVerifier(client);

        foreach (byte[] message in SignEvery(server, messages, signed: [0, 3]))
        {
            verifier.Verify(message, Now).Status.ShouldNotBe(TsigStatus.Failed);
        }

        verifier.Complete().IsVerified.ShouldBeTrue();
    }

    [Test]
    public void AlteredUnsignedMessage_FailsAtTheNextSignedOne()
    {
        (TsigState client, TsigState server) = Handshake();
        byte[][] stream = SignEvery(server, Messages(4), signed: [0, 3]);
        stream[1][^1] ^= 1;
        using var verifier = new TsigStreamVerifier(client);

        verifier.Verify(stream[0], Now).IsVerified.ShouldBeTrue();
        verifier.Verify(stream[1], Now).Status.ShouldBe(TsigStatus.Unsigned);
        verifier.Verify(stream[2], Now).Status.ShouldBe(TsigStatus.Unsigned);
        verifier.Verify(stream[3], Now).Error.ShouldBe(ResponseCode.BadSig);
        verifier.Complete().Error.ShouldBe(ResponseCode.BadSig);
    }

    [Test]
    public void LastMessageUnsigned_StreamDoesNotComplete()
    {
        (TsigState client, TsigState server) = Handshake();
        using var verifier = new TsigStreamVerifier(client);

        foreach (byte[] message in SignEvery(server, Messages(3), signed: [0]))
        {
            verifier.Verify(message, Now).Status.ShouldNotBe(TsigStatus.Failed);
        }

        TsigVerifyResult complete = verifier.Complete();
        complete.Status.ShouldBe(TsigStatus.Failed);
        complete.Reason.ShouldBe("the last message is not signed");
    }

    [Test]
    public void NinetyNineUnsignedMessages_AreAccepted_TheHundredthIsNot()
    {
        (TsigState client, TsigState server) = Handshake();
        byte[][] stream = SignEvery(server, Messages(102), signed: [0, 100]);
        using var accepting = new TsigStreamVerifier(client);
        foreach (byte[] message in stream[..101])
        {
            accepting.Verify(message, Now).Status.ShouldNotBe(TsigStatus.Failed);
        }

        accepting.Complete().IsVerified.ShouldBeTrue();

        byte[][] tooMany = SignEvery(server, Messages(102), signed: [0, 101]);
        using var refusing = new TsigStreamVerifier(client);
        List<TsigVerifyResult> results = tooMany.Select(m => refusing.Verify(m, Now)).ToList();
        results[99].Status.ShouldBe(TsigStatus.Unsigned);
        results[100].Reason.ShouldBe("more than 99 unsigned messages in a row");
        results[101].Status.ShouldBe(TsigStatus.Failed);
    }

    [Test]
    public void FirstMessageUnsigned_Fails()
    {
        (TsigState client, _) = Handshake();
        using var verifier = new TsigStreamVerifier(client);

        TsigVerifyResult result = verifier.Verify(Messages(1)[0], Now);

        result.Status.ShouldBe(TsigStatus.Failed);
        result.Reason.ShouldBe("the first message is not signed");
    }

    [Test]
    public void MessagesOutOfOrder_FailAndTheFailureSticks()
    {
        (TsigState client, TsigState server) = Handshake();
        using var signer = new TsigStreamSigner(server);
        byte[][] stream = Messages(3).Select(m => signer.Sign(m, Now)).ToArray();
        using var verifier = new TsigStreamVerifier(client);

        verifier.Verify(stream[0], Now).IsVerified.ShouldBeTrue();
        verifier.Verify(stream[2], Now).Error.ShouldBe(ResponseCode.BadSig);
        verifier.Verify(stream[1], Now).Error.ShouldBe(ResponseCode.BadSig);
    }

    [Test]
    public void StreamSigner_ForBadSigState_Throws()
    {
        byte[] signed = TsigSigner.SignRequest(Query(), Key(TsigAlgorithm.HmacSha256, seed: 9), Now, out _);
        TsigState badSig = TsigSigner.VerifyRequest(signed, new TsigKeyRing([_key]), Now).State!;

        Should.Throw<ArgumentException>(() => new TsigStreamSigner(badSig));
    }

    private (TsigState Client, TsigState Server) Handshake()
    {
        byte[] request = TsigSigner.SignRequest(Query(), _key, Now, out TsigState client);
        TsigVerifyResult verified = TsigSigner.VerifyRequest(request, new TsigKeyRing([_key]), Now);
        verified.IsVerified.ShouldBeTrue();
        return (client, verified.State!);
    }

    private static byte[][] Messages(int count) =>
        Enumerable.Range(0, count).Select(i => Response(0x1234, $"host{i}.example. 300 IN A 192.0.2.{i % 250}")).ToArray();

    /// <summary>
    /// A stream where only the messages at <paramref name="signed"/> carry a TSIG record; each signed
    /// one after the first covers the unsigned ones before it (RFC 8945 §5.3.1).
    /// </summary>
    private byte[][] SignEvery(TsigState server, byte[][] messages, int[] signed)
    {
        var result = new byte[messages.Length][];
        using TsigMac mac = _key.CreateMac();
        result[0] = TsigSigner.SignResponse(messages[0], server, Now, out TsigRdata record);
        TsigWire.AppendPriorMac(mac, record.Mac);
        for (int i = 1; i < messages.Length; i++)
        {
            if (!signed.Contains(i))
            {
                result[i] = messages[i];
                mac.Append(messages[i]);
                continue;
            }

            result[i] = TsigSigner.Sign(messages[i], _key, mac, (ulong)Now.ToUnixTimeSeconds(), TsigSigner.DefaultFudge, ResponseCode.NoError, [], timersOnly: true, out record);
            TsigWire.AppendPriorMac(mac, record.Mac);
        }

        return result;
    }
}
