using System.Buffers.Binary;
using DnsSuite.Protocol.Records;
using DnsSuite.Protocol.Tsig;
using static DnsSuite.Protocol.Tests.Tsig.TsigTestMessages;

namespace DnsSuite.Protocol.Tests.Tsig;

public class TsigSignerTests
{
    private static IEnumerable<TsigAlgorithm> Algorithms => TsigAlgorithm.All;

    [TestCaseSource(nameof(Algorithms))]
    public void RequestAndResponse_SignedWithEachAlgorithm_Verify(TsigAlgorithm algorithm)
    {
        TsigKey key = Key(algorithm);
        byte[] query = Query();

        byte[] signed = TsigSigner.SignRequest(query, key, Now, out TsigState clientState);
        TsigVerifyResult request = TsigSigner.VerifyRequest(signed, new TsigKeyRing([key]), Now.AddSeconds(5));

        request.Status.ShouldBe(TsigStatus.Verified, request.Reason);
        request.KeyName.ShouldBe(key.Name);
        request.TsigOffset.ShouldBe(query.Length);
        request.Record!.Mac.Length.ShouldBe(algorithm.HashSize);
        request.Record.Algorithm.ShouldBe(algorithm.Name);
        BinaryPrimitives.ReadUInt16BigEndian(signed.AsSpan(10)).ShouldBe((ushort)1);

        byte[] response = TsigSigner.SignResponse(Response(), request.State!, Now.AddSeconds(6));
        TsigVerifyResult verified = TsigSigner.VerifyResponse(response, clientState, Now.AddSeconds(7));

        verified.Status.ShouldBe(TsigStatus.Verified, verified.Reason);
        verified.Record!.Error.ShouldBe(ResponseCode.NoError);
    }

    [Test]
    public void SignedMessage_ParsesWithTsigLastInAdditional()
    {
        byte[] signed = TsigSigner.SignRequest(Query(), Key(TsigAlgorithm.HmacSha256), Now, out _);

        DnsSuite.Protocol.Messages.Message.TryParse(signed, out var message, out string? error).ShouldBeTrue(error);
        message.Additional.ShouldHaveSingleItem().ToString().ShouldStartWith("transfer.example. 0 ANY TSIG hmac-sha256. 1700000000 300 32 ");
    }

    [Test]
    public void VerifyRequest_WithoutTsig_IsUnsigned()
    {
        TsigVerifyResult result = TsigSigner.VerifyRequest(Query(), new TsigKeyRing(), Now);

        result.Status.ShouldBe(TsigStatus.Unsigned);
        result.ResponseCode.ShouldBe(ResponseCode.NoError);
        result.State.ShouldBeNull();
    }

    [Test]
    public void VerifyRequest_KeyNameInOtherCase_FindsTheKey()
    {
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        var client = new TsigKey(DomainName.Parse("TRANSFER.Example."), key.Algorithm, key.Secret.ToArray());

        TsigSigner.VerifyRequest(TsigSigner.SignRequest(Query(), client, Now, out _), new TsigKeyRing([key]), Now).Status.ShouldBe(TsigStatus.Verified);
    }

    [Test]
    public void VerifyRequest_UnknownKey_IsBadKey_AndTheAnswerIsUnsigned()
    {
        byte[] signed = TsigSigner.SignRequest(Query(), Key(TsigAlgorithm.HmacSha256, "other.example."), Now, out TsigState clientState);

        TsigVerifyResult result = TsigSigner.VerifyRequest(signed, new TsigKeyRing([Key(TsigAlgorithm.HmacSha256)]), Now);

        result.Error.ShouldBe(ResponseCode.BadKey);
        result.ResponseCode.ShouldBe(ResponseCode.NotAuth);
        result.Reason.ShouldBe("unknown key other.example.");
        AssertUnsignedErrorAnswer(result, clientState, ResponseCode.BadKey);
    }

    [Test]
    public void VerifyRequest_AlgorithmOtherThanTheKeys_IsBadKey()
    {
        byte[] signed = TsigSigner.SignRequest(Query(), Key(TsigAlgorithm.HmacSha512), Now, out _);

        TsigVerifyResult result = TsigSigner.VerifyRequest(signed, new TsigKeyRing([Key(TsigAlgorithm.HmacSha256)]), Now);

        result.Error.ShouldBe(ResponseCode.BadKey);
        result.Reason.ShouldBe("key transfer.example. is hmac-sha256, the request uses hmac-sha512.");
    }

    [Test]
    public void VerifyRequest_WrongSecret_IsBadSig_AndTheAnswerIsUnsigned()
    {
        byte[] signed = TsigSigner.SignRequest(Query(), Key(TsigAlgorithm.HmacSha256, seed: 2), Now, out TsigState clientState);

        TsigVerifyResult result = TsigSigner.VerifyRequest(signed, new TsigKeyRing([Key(TsigAlgorithm.HmacSha256)]), Now);

        result.Error.ShouldBe(ResponseCode.BadSig);
        result.ResponseCode.ShouldBe(ResponseCode.NotAuth);
        AssertUnsignedErrorAnswer(result, clientState, ResponseCode.BadSig);
    }

    [Test]
    public void VerifyRequest_Failures_AreLoggedAsBadSigAndBadKey_NotAsBadVers()
    {
        byte[] wrongSecret = TsigSigner.SignRequest(Query(), Key(TsigAlgorithm.HmacSha256, seed: 2), Now, out _);
        byte[] unknownKey = TsigSigner.SignRequest(Query(), new TsigKey(DomainName.Parse("other-key."), TsigAlgorithm.HmacSha256, new byte[32]), Now, out _);
        var ring = new TsigKeyRing([Key(TsigAlgorithm.HmacSha256)]);

        string badSig = TsigSigner.VerifyRequest(wrongSecret, ring, Now).ToString();
        string badKey = TsigSigner.VerifyRequest(unknownKey, ring, Now).ToString();

        badSig.ShouldStartWith("Failed BADSIG: ");
        badKey.ShouldStartWith("Failed BADKEY: ");
        (badSig + badKey).ShouldNotContain("BadVers", Case.Insensitive);
    }

    [TestCase(13)]
    [TestCase(27)]
    public void VerifyRequest_AlteredOctet_IsBadSig(int offset)
    {
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        byte[] signed = TsigSigner.SignRequest(Query(), key, Now, out _);
        signed[offset] ^= 0x20;

        TsigSigner.VerifyRequest(signed, new TsigKeyRing([key]), Now).Error.ShouldBe(ResponseCode.BadSig);
    }

    [Test]
    public void VerifyRequest_IdRewrittenInTransit_VerifiesWithTheOriginalId()
    {
        // RFC 8945 §4.3.3: the digest uses the original ID, so a forwarder may renumber the message.
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        byte[] signed = TsigSigner.SignRequest(Query(id: 0x1234), key, Now, out _);
        BinaryPrimitives.WriteUInt16BigEndian(signed, 0x9999);

        TsigVerifyResult result = TsigSigner.VerifyRequest(signed, new TsigKeyRing([key]), Now);

        result.Status.ShouldBe(TsigStatus.Verified);
        result.Record!.OriginalId.ShouldBe((ushort)0x1234);
    }

    [TestCase(-301)]
    [TestCase(301)]
    public void VerifyRequest_TimeOutsideFudge_IsBadTime_AndTheAnswerIsSignedWithServerTime(int skew)
    {
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        DateTimeOffset clientTime = Now.AddSeconds(skew);
        byte[] signed = TsigSigner.SignRequest(Query(), key, clientTime, out TsigState clientState);

        TsigVerifyResult result = TsigSigner.VerifyRequest(signed, new TsigKeyRing([key]), Now);

        result.Error.ShouldBe(ResponseCode.BadTime);
        result.ResponseCode.ShouldBe(ResponseCode.NotAuth);
        byte[] answer = TsigSigner.SignResponse(Response(), result.State!, Now);
        TsigVerifyResult client = TsigSigner.VerifyResponse(answer, clientState, clientTime);
        client.Status.ShouldBe(TsigStatus.Verified, client.Reason);
        client.Record!.Error.ShouldBe(ResponseCode.BadTime);
        client.Record.TimeSigned.ShouldBe((ulong)clientTime.ToUnixTimeSeconds());
        client.Record.OtherData.ToArray().ShouldBe(new byte[] { 0, 0, 0x65, 0x53, 0xF1, 0 });
    }

    [Test]
    public void VerifyRequest_TimeAtTheFudgeLimit_Verifies()
    {
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        byte[] signed = TsigSigner.SignRequest(Query(), key, Now.AddSeconds(-300), out _);

        TsigSigner.VerifyRequest(signed, new TsigKeyRing([key]), Now).Status.ShouldBe(TsigStatus.Verified);
    }

    [TestCase("hmac-sha256", 16, 0, TsigStatus.Verified, ResponseCode.NoError)]
    [TestCase("hmac-sha256", 15, 0, TsigStatus.Failed, ResponseCode.FormErr)]
    [TestCase("hmac-sha256", 16, 32, TsigStatus.Failed, ResponseCode.BadTrunc)]
    [TestCase("hmac-sha256", 24, 20, TsigStatus.Verified, ResponseCode.NoError)]
    [TestCase("hmac-sha256", 32, 64, TsigStatus.Verified, ResponseCode.NoError)]
    [TestCase("hmac-md5", 10, 0, TsigStatus.Verified, ResponseCode.NoError)]
    [TestCase("hmac-md5", 9, 0, TsigStatus.Failed, ResponseCode.FormErr)]
    [TestCase("hmac-sha1", 0, 0, TsigStatus.Failed, ResponseCode.FormErr)]
    [TestCase("hmac-sha224", 14, 0, TsigStatus.Verified, ResponseCode.NoError)]
    [TestCase("hmac-sha224", 13, 0, TsigStatus.Failed, ResponseCode.FormErr)]
    public void VerifyRequest_TruncatedMac_FollowsRfc8945Rules(string algorithmName, int macSize, int policy, TsigStatus status, ResponseCode error)
    {
        TsigAlgorithm.TryParse(algorithmName, out TsigAlgorithm? algorithm).ShouldBeTrue();
        TsigKey key = Key(algorithm);
        byte[] truncated = ReplaceTsig(TsigSigner.SignRequest(Query(), key, Now, out _), r => WithMac(r, r.Mac[..macSize].ToArray()));

        TsigVerifyResult result = TsigSigner.VerifyRequest(truncated, new TsigKeyRing([key]), Now, minimumMacSize: policy);

        result.Status.ShouldBe(status, result.Reason);
        result.Error.ShouldBe(error);
        (result.State is null).ShouldBe(error == ResponseCode.FormErr);
    }

    [Test]
    public void VerifyRequest_MacLongerThanTheHash_IsFormErr()
    {
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        byte[] padded = ReplaceTsig(TsigSigner.SignRequest(Query(), key, Now, out _), r => WithMac(r, [.. r.Mac, 0]));

        TsigVerifyResult result = TsigSigner.VerifyRequest(padded, new TsigKeyRing([key]), Now);

        result.Error.ShouldBe(ResponseCode.FormErr);
        result.ResponseCode.ShouldBe(ResponseCode.FormErr);
        result.Reason.ShouldBe("MAC of 33 octets is longer than the 32 of hmac-sha256");
    }

    [Test]
    public void TruncatedRequest_ResponseDigestUsesTheTruncatedRequestMac()
    {
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        byte[] signed = TsigSigner.SignRequest(Query(), key, Now, out _);
        byte[] truncated = ReplaceTsig(signed, r => WithMac(r, r.Mac[..16].ToArray()));
        TsigVerifyResult request = TsigSigner.VerifyRequest(truncated, new TsigKeyRing([key]), Now);

        request.State!.RequestMac.Length.ShouldBe(16);
        TsigSigner.VerifyResponse(TsigSigner.SignResponse(Response(), request.State, Now), request.State, Now).Status.ShouldBe(TsigStatus.Verified);
    }

    [Test]
    public void VerifyRequest_TsigNotLast_IsFormErr()
    {
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        byte[] signed = AppendAdditionalRecord(TsigSigner.SignRequest(Query(), key, Now, out _));

        TsigVerifyResult result = TsigSigner.VerifyRequest(signed, new TsigKeyRing([key]), Now);

        result.Error.ShouldBe(ResponseCode.FormErr);
        result.Reason.ShouldBe("TSIG record is not the last record of the additional section");
        result.State.ShouldBeNull();
    }

    [Test]
    public void VerifyRequest_TruncatedPacket_IsFormErr()
    {
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        byte[] signed = TsigSigner.SignRequest(Query(), key, Now, out _);

        TsigSigner.VerifyRequest(signed[..^3], new TsigKeyRing([key]), Now).Error.ShouldBe(ResponseCode.FormErr);
    }

    [Test]
    public void VerifyResponse_ResponseToAnotherRequest_IsBadSig()
    {
        TsigKey key = Key(TsigAlgorithm.HmacSha256);
        TsigSigner.SignRequest(Query(), key, Now, out TsigState first);
        TsigVerifyResult second = TsigSigner.VerifyRequest(TsigSigner.SignRequest(Query("other.example."), key, Now, out _), new TsigKeyRing([key]), Now);

        TsigSigner.VerifyResponse(TsigSigner.SignResponse(Response(), second.State!, Now), first, Now).Error.ShouldBe(ResponseCode.BadSig);
    }

    [Test]
    public void VerifyResponse_Unsigned_IsUnsignedAndNotVerified()
    {
        TsigSigner.SignRequest(Query(), Key(TsigAlgorithm.HmacSha256), Now, out TsigState state);

        TsigVerifyResult result = TsigSigner.VerifyResponse(Response(), state, Now);

        result.Status.ShouldBe(TsigStatus.Unsigned);
        result.IsVerified.ShouldBeFalse();
    }

    [Test]
    public void VerifyResponse_SignedWithAnotherKey_IsBadKey()
    {
        TsigSigner.SignRequest(Query(), Key(TsigAlgorithm.HmacSha256), Now, out TsigState client);
        TsigKey other = Key(TsigAlgorithm.HmacSha256, "other.example.");
        TsigVerifyResult server = TsigSigner.VerifyRequest(TsigSigner.SignRequest(Query(), other, Now, out _), new TsigKeyRing([other]), Now);

        TsigSigner.VerifyResponse(TsigSigner.SignResponse(Response(), server.State!, Now), client, Now).Error.ShouldBe(ResponseCode.BadKey);
    }

    private static void AssertUnsignedErrorAnswer(TsigVerifyResult result, TsigState clientState, ResponseCode error)
    {
        result.State.ShouldNotBeNull().ResponseIsSigned.ShouldBeFalse();
        byte[] answer = TsigSigner.SignResponse(Response(), result.State, Now);
        TsigRdata record = Locate(answer).Record;
        record.Mac.Length.ShouldBe(0);
        record.Error.ShouldBe(error);
        TsigVerifyResult client = TsigSigner.VerifyResponse(answer, clientState, Now);
        client.Status.ShouldBe(TsigStatus.Failed);
        client.Error.ShouldBe(error);
        client.Reason.ShouldBe($"the server answered {TsigRdata.ErrorMnemonic(error)} without a MAC");
    }
}
