using System.Buffers;
namespace DnsSuite.Protocol.Text;

/// <summary>
/// Splits master-file text (RFC 1035 §5.1) into logical entries: handles comments, parentheses
/// spanning lines, quoted strings and backslash escapes. Escapes are kept in token text; the field's
/// reader resolves them, since what an escape means depends on the field (name or string).
/// </summary>
public static class ZoneTokenizer
{
    /// <summary>Tokenizes a single entry such as RDATA text; line breaks inside it are treated as spaces.</summary>
    public static IReadOnlyList<ZoneToken> Tokenize(string text) =>
        text.AsSpan().ContainsAny(SpecialCharacters)
            ? [.. ReadLines(text.Replace('\n', ' ').Replace('\r', ' '), file: null).SelectMany(l => l.Tokens)]
            : SplitOnBlanks(text);

    // Text without these is a list of tokens separated by blanks (the common RDATA text: "10.0.0.1", "10 mail").
    private static readonly SearchValues<char> SpecialCharacters = SearchValues.Create(";()\"\\\n\r");

    private static ZoneToken[] SplitOnBlanks(string text)
    {
        ReadOnlySpan<char> span = text;
        int count = 0;
        for (int i = 0; i < span.Length;)
        {
            if (span[i] is ' ' or '\t')
            {
                i++;
                continue;
            }

            count++;
            while (i < span.Length && span[i] is not (' ' or '\t'))
            {
                i++;
            }
        }

        var tokens = new ZoneToken[count];
        for (int i = 0, next = 0; i < span.Length;)
        {
            if (span[i] is ' ' or '\t')
            {
                i++;
                continue;
            }

            int start = i;
            while (i < span.Length && span[i] is not (' ' or '\t'))
            {
                i++;
            }

            tokens[next++] = new ZoneToken(start == 0 && i == text.Length ? text : text[start..i], false, 1, start + 1);
        }

        return tokens;
    }

    public static IEnumerable<ZoneLine> ReadLines(string text, string? file)
    {
        var tokens = new List<ZoneToken>();
        int line = 1;
        int lineStart = 0; // index of the current line's first character; column = index - lineStart + 1
        int entryLine = 1;
        int openParens = 0;
        int openParenLine = 0;
        int openParenColumn = 0;
        bool startsWithBlank = false;
        bool atEntryStart = true;

        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            switch (c)
            {
                case '\n':
                    if (openParens == 0)
                    {
                        if (tokens.Count > 0)
                        {
                            yield return new ZoneLine(tokens, startsWithBlank, entryLine);
                            tokens = [];
                        }

                        atEntryStart = true;
                    }

                    i++;
                    line++;
                    lineStart = i;
                    continue;
                case ';':
                    int end = text.IndexOf('\n', i);
                    i = end < 0 ? text.Length : end;
                    continue;
                case ' ' or '\t' or '\r':
                    if (atEntryStart && openParens == 0 && tokens.Count == 0)
                    {
                        startsWithBlank = true;
                        atEntryStart = false;
                        entryLine = line;
                    }

                    i++;
                    continue;
                case '(':
                    if (openParens == 0)
                    {
                        openParenLine = line;
                        openParenColumn = i - lineStart + 1;
                    }

                    openParens++;
                    MarkEntryStart();
                    i++;
                    continue;
                case ')':
                    if (openParens == 0)
                    {
                        throw new ZoneFormatException("')' without a matching '('", file, line, i - lineStart + 1);
                    }

                    openParens--;
                    i++;
                    continue;
                case '"':
                    MarkEntryStart();
                    tokens.Add(ReadQuoted(text, ref i, ref line, ref lineStart, file));
                    continue;
            }

            MarkEntryStart();
            int tokenStart = i;
            while (i < text.Length && !IsDelimiter(text[i]))
            {
                // An escape takes the next character into the token, whatever it is, except a line break.
                i += text[i] == '\\' && i + 1 < text.Length && text[i + 1] != '\n' ? 2 : 1;
            }

            tokens.Add(new ZoneToken(text[tokenStart..i], false, line, tokenStart - lineStart + 1));
        }

        if (openParens > 0)
        {
            throw new ZoneFormatException("'(' is never closed", file, openParenLine, openParenColumn);
        }

        if (tokens.Count > 0)
        {
            yield return new ZoneLine(tokens, startsWithBlank, entryLine);
        }

        void MarkEntryStart()
        {
            if (atEntryStart)
            {
                atEntryStart = false;
                startsWithBlank = false;
                entryLine = line;
            }
        }
    }

    private static bool IsDelimiter(char c) => c is ' ' or '\t' or '\r' or '\n' or ';' or '(' or ')' or '"';

    /// <summary>Reads a quoted string starting at the opening quote at <paramref name="i"/>; leaves <paramref name="i"/> after the closing quote.</summary>
    private static ZoneToken ReadQuoted(string text, ref int i, ref int line, ref int lineStart, string? file)
    {
        int quoteLine = line;
        int quoteColumn = i - lineStart + 1;
        int contentStart = ++i;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '"')
            {
                i++;
                return new ZoneToken(text[contentStart..(i - 1)], true, quoteLine, quoteColumn);
            }

            if (c == '\n')
            {
                break;
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                i++;
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            i++;
        }

        throw new ZoneFormatException("unterminated quoted string", file, quoteLine, quoteColumn);
    }
}
