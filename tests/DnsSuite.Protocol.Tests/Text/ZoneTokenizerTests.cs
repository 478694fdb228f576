using DnsSuite.Protocol.Text;

namespace DnsSuite.Protocol.Tests.Text;

public class ZoneTokenizerTests
{
    private static ZoneLine[] Lines(string text) => [.. ZoneTokenizer.ReadLines(text, "t.zone")];

    private static string[] Texts(ZoneLine line) => [.. line.Tokens.Select(t => t.Text)];

    [Test]
    public void ReadLines_ParenthesesOverLines_JoinOneEntry()
    {
        ZoneLine[] lines = Lines("@ IN SOA ns host (\n  1 ; serial\n  2 3\n  4 5 )\nwww A 192.0.2.1\n");

        lines.Length.ShouldBe(2);
        Texts(lines[0]).ShouldBe(["@", "IN", "SOA", "ns", "host", "1", "2", "3", "4", "5"]);
        lines[0].Line.ShouldBe(1);
        lines[1].Line.ShouldBe(5);
        lines[0].Tokens[7].Line.ShouldBe(3);
        lines[0].Tokens[7].Column.ShouldBe(5);
    }

    [Test]
    public void ReadLines_CommentContainingParenthesisInsideParentheses_IsIgnored()
    {
        ZoneLine[] lines = Lines("a TXT ( \"x\" ; a ) in a comment (\n \"y\" )\nb A 192.0.2.1");

        lines.Length.ShouldBe(2);
        Texts(lines[0]).ShouldBe(["a", "TXT", "x", "y"]);
    }

    [Test]
    public void ReadLines_QuotedStringWithSpecialCharacters_IsOneQuotedToken()
    {
        ZoneLine line = Lines("a TXT \"semi;colon (paren) \\\"quoted\\\"\" plain")[0];

        line.Tokens.Count.ShouldBe(4);
        line.Tokens[2].Text.ShouldBe("semi;colon (paren) \\\"quoted\\\"");
        line.Tokens[2].IsQuoted.ShouldBeTrue();
        line.Tokens[3].IsQuoted.ShouldBeFalse();
    }

    [Test]
    public void ReadLines_EmptyQuotedString_IsAnEmptyToken()
    {
        ZoneLine line = Lines("a TXT \"\"")[0];

        line.Tokens[2].Text.ShouldBe("");
        line.Tokens[2].IsQuoted.ShouldBeTrue();
    }

    [Test]
    public void ReadLines_EscapedSpaceAndSpecials_StayInsideTheToken()
    {
        ZoneLine line = Lines("a\\ b\\;c\\(d.example. A 192.0.2.1 ; comment")[0];

        Texts(line).ShouldBe(["a\\ b\\;c\\(d.example.", "A", "192.0.2.1"]);
    }

    [Test]
    public void ReadLines_LeadingBlank_MarksOmittedOwner()
    {
        ZoneLine[] lines = Lines("www A 192.0.2.1\n\tA 192.0.2.2\n  ; only a comment\n\n( www2 ) A 192.0.2.3\n");

        lines.Select(l => l.StartsWithBlank).ShouldBe([false, true, false]);
        lines.Select(l => l.Line).ShouldBe([1, 2, 5]);
    }

    [Test]
    public void ReadLines_CarriageReturnLineFeed_AreLineBreaks()
    {
        ZoneLine[] lines = Lines("a A 192.0.2.1\r\nb A 192.0.2.2\r\n");

        lines.Length.ShouldBe(2);
        Texts(lines[1]).ShouldBe(["b", "A", "192.0.2.2"]);
        lines[1].Line.ShouldBe(2);
    }

    [Test]
    public void ReadLines_EscapedLineBreakInsideQuotes_KeepsLineNumbersRight()
    {
        ZoneLine[] lines = Lines("a TXT \"one\\\ntwo\"\nb A 192.0.2.1");

        lines[1].Line.ShouldBe(3);
        lines[1].Tokens[0].Line.ShouldBe(3);
    }

    [Test]
    public void ReadLines_UnterminatedQuote_FailsAtTheQuote()
    {
        var e = Should.Throw<ZoneFormatException>(() => Lines("a A 192.0.2.1\nb TXT \"open\nc A 192.0.2.2"));

        e.Line.ShouldBe(2);
        e.Column.ShouldBe(7);
        e.File.ShouldBe("t.zone");
        e.Reason.ShouldContain("unterminated");
    }

    [Test]
    public void ReadLines_UnclosedParenthesis_FailsAtTheParenthesis()
    {
        var e = Should.Throw<ZoneFormatException>(() => Lines("a SOA ns host (1 2 3\n 4 5\n"));

        (e.Line, e.Column).ShouldBe((1, 15));
        e.Reason.ShouldContain("never closed");
    }

    [Test]
    public void ReadLines_StrayClosingParenthesis_Fails()
    {
        var e = Should.Throw<ZoneFormatException>(() => Lines("a A 192.0.2.1 )"));

        (e.Line, e.Column).ShouldBe((1, 15));
    }

    [Test]
    public void Tokenize_LineBreaks_AreSpaces()
    {
        ZoneTokenizer.Tokenize("10\nmail.example.").Select(t => t.Text).ShouldBe(["10", "mail.example."]);
    }
}
