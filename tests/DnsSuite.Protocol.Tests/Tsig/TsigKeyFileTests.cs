using DnsSuite.Protocol.Tsig;

namespace DnsSuite.Protocol.Tests.Tsig;

public class TsigKeyFileTests
{
    private const string Secret1 = "kvQJiq36K3s3GsVe6qLVQFjPKKjTlSw/S0EprFhtWuY=";
    private const string Secret2 = "c2VjcmV0LXR3by1zZWNyZXQtdHdv";

    [Test]
    public void Bind_TsigKeygenOutputWithSeveralKeysAndComments_Parses()
    {
        string text = $$"""
            # written by tsig-keygen
            key "k1" {
            	algorithm hmac-sha256;
            	secret "{{Secret1}}";
            };
            // a second key, unquoted name
            key Transfer.Example. { /* inline */ algorithm HMAC-MD5; secret "{{Secret2}}"; };
            /* a block
               comment */
            """;

        IReadOnlyList<TsigKey> keys = TsigKeyFile.Parse(text, "keys.conf");

        keys.Select(k => k.ToString()).ShouldBe(["k1. (hmac-sha256)", "Transfer.Example. (hmac-md5)"]);
        keys[0].Secret.ToArray().ShouldBe(Convert.FromBase64String(Secret1));
        keys[1].Secret.ToArray().ShouldBe(Convert.FromBase64String(Secret2));
    }

    [Test]
    public void Json_Parses_AndGivesTheSameKeysAsBindSyntax()
    {
        string json = $$"""
            {"keys": [
              {"name": "k1", "algorithm": "hmac-sha256", "secret": "{{Secret1}}"},
              {"name": "transfer.example.", "algorithm": "hmac-md5.sig-alg.reg.int.", "secret": "{{Secret2}}"}
            ]}
            """;
        string bind = $$"""key "k1" { algorithm hmac-sha256; secret "{{Secret1}}"; };""";

        IReadOnlyList<TsigKey> keys = TsigKeyFile.Parse(json, "keys.json");
        TsigKey fromBind = TsigKeyFile.Parse(bind, "keys.conf").ShouldHaveSingleItem();

        keys.Count.ShouldBe(2);
        keys[0].Name.ShouldBe(fromBind.Name);
        keys[0].Algorithm.ShouldBeSameAs(fromBind.Algorithm);
        keys[0].Secret.ToArray().ShouldBe(fromBind.Secret.ToArray());
        keys[1].Algorithm.ShouldBeSameAs(TsigAlgorithm.HmacMd5);
    }

    [Test]
    public void Load_PicksTheSyntaxByContent()
    {
        string dir = Directory.CreateTempSubdirectory("tsig-keys-").FullName;
        try
        {
            string json = Path.Combine(dir, "keys.conf");
            File.WriteAllText(json, $$"""  {"keys":[{"name":"k1","algorithm":"hmac-sha512","secret":"{{Secret1}}"}]}""");
            string bind = Path.Combine(dir, "keys.json");
            File.WriteAllText(bind, $$"""key k2 { algorithm hmac-sha1; secret "{{Secret2}}"; };""");

            TsigKeyFile.Load(json).ShouldHaveSingleItem().ToString().ShouldBe("k1. (hmac-sha512)");
            TsigKeyFile.Load(bind).ShouldHaveSingleItem().ToString().ShouldBe("k2. (hmac-sha1)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestCase("key \"k1\" {\n  algorithm hmac-sha3;\n  secret \"" + Secret1 + "\";\n};", 2, 13, "key k1.: unknown algorithm 'hmac-sha3' (known: hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512)")]
    [TestCase("key \"k1\" {\n  algorithm hmac-sha256;\n  secret \"kvQJ!q36\";\n};", 3, 10, "key k1.: the secret is not valid base64")]
    [TestCase("key \"k1\" {\n  algorithm hmac-sha256;\n};", 1, 5, "key k1. has no secret")]
    [TestCase("key \"k1\" {\n  secret \"" + Secret1 + "\";\n};", 1, 5, "key k1. has no algorithm")]
    [TestCase("key k1 { algorithm hmac-sha256; secret \"" + Secret1 + "\"; };\nkey K1. { algorithm hmac-sha1; secret \"" + Secret2 + "\"; };", 2, 5, "duplicate key K1. (first defined on line 1)")]
    [TestCase("options { };", 1, 1, "expected a key statement, found 'options'")]
    [TestCase("key k1 { algorithm hmac-sha256 secret \"" + Secret1 + "\"; };", 1, 32, "expected ';' after the algorithm of key k1., found 'secret'")]
    [TestCase("key k1 { algorithm hmac-sha256; \"" + Secret1 + "\"; };", 1, 33, "key k1.: expected 'algorithm', 'secret' or '}', found a quoted string")]
    [TestCase("key k1 { algorithm hmac-sha256; secret \"" + Secret1 + "\"; }", 1, 89, "expected ';' after the key statement of k1., found the end of the file")]
    [TestCase("/* never closed\nkey k1 {", 1, 1, "unterminated /* comment")]
    [TestCase("key k1 { secret \"abc", 1, 17, "unterminated quoted string")]
    [TestCase("key k1 { algorithm hmac-sha256; algorithm hmac-sha1; };", 1, 33, "key k1.: duplicate 'algorithm'")]
    [TestCase("key k1 { algorithm hmac-sha256; secret \"\"; };", 1, 40, "key k1.: the secret is empty")]
    public void Bind_Errors_NameLineColumnAndProblem(string text, int line, int column, string reason)
    {
        var error = Should.Throw<TsigKeyFileException>(() => TsigKeyFile.Parse(text, "named.keys"));

        error.Reason.ShouldBe(reason);
        (error.File, error.Line, error.Column).ShouldBe(("named.keys", line, column));
        error.Message.ShouldBe($"named.keys:{line}:{column}: {reason}");
        error.Message.ShouldNotContain(Secret1);
        error.Message.ShouldNotContain(Secret2);
    }

    [TestCase("{\"keys\":[\n {\"name\":\"k1\",\"algorithm\":\"md4\",\"secret\":\"" + Secret1 + "\"}]}", 2, 27, "key k1.: unknown algorithm 'md4' (known: hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512)")]
    [TestCase("{\"keys\":[\n {\"name\":\"k1\",\"algorithm\":\"hmac-sha256\",\"secret\":\"not base64!\"}]}", 2, 50, "key k1.: the secret is not valid base64")]
    [TestCase("{\"keys\":[\n {\"name\":\"k1\",\"algorithm\":\"hmac-sha256\"}]}", 2, 2, "key k1. has no \"secret\"")]
    [TestCase("{\"keys\":[{\"name\":\"k1\",\"algorithm\":\"hmac-sha256\",\"secret\":\"" + Secret1 + "\"},\n {\"name\":\"K1.\",\"algorithm\":\"hmac-sha256\",\"secret\":\"" + Secret2 + "\"}]}", 2, 2, "duplicate key K1. (first defined on line 1)")]
    [TestCase("{\"kees\":[]}", 1, 2, "unknown property 'kees' (expected \"keys\")")]
    [TestCase("{}", 1, 2, "missing \"keys\"")]
    [TestCase("{\"keys\":[{\"name\":\"k1\",\"algorithm\":\"hmac-sha256\",\"secret\":\"" + Secret1 + "\",\"extra\":1}]}", 1, 105, "unknown property 'extra' (expected \"name\", \"algorithm\", \"secret\")")]
    public void Json_Errors_NameLineColumnAndProblem(string text, int line, int column, string reason)
    {
        var error = Should.Throw<TsigKeyFileException>(() => TsigKeyFile.Parse(text, "keys.json"));

        error.Reason.ShouldBe(reason);
        (error.Line, error.Column).ShouldBe((line, column));
        error.Message.ShouldNotContain(Secret1);
        error.Message.ShouldNotContain(Secret2);
    }

    [Test]
    public void Json_Malformed_ReportsThePositionFromTheJsonReader()
    {
        var error = Should.Throw<TsigKeyFileException>(() => TsigKeyFile.Parse("{\"keys\": [\n  {\"name\" \"k1\"}]}", "keys.json"));

        error.Reason.ShouldStartWith("invalid JSON: ");
        error.Line.ShouldBe(2);
    }
}
