using System.Text;

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
        [.. ReadLines(text.Replace('\n', ' ').Replace('\r', ' '), file: null).SelectMany(l => l.Tokens)];

    public static IEnumerable<ZoneLine> ReadLines(string text, string? file)
    {
        var tokens = new List<ZoneToken>();
        var current = new StringBuilder();
        int line = 1;
        int column = 0;
        int entryLine = 1;
        int tokenLine = 0;
        int tokenColumn = 0;
        int openParens = 0;
        int openParenLine = 0;
        int openParenColumn = 0;
        bool startsWithBlank = false;
        bool atEntryStart = true;
        bool quoted = false;

        void Flush(bool wasQuoted)
        {
            if (current.Length > 0 || wasQuoted)
            {
                tokens.Add(new ZoneToken(current.ToString(), wasQuoted, tokenLine, tokenColumn));
                current.Clear();
            }
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            column++;

            if (quoted)
            {
                if (c == '\\' && i + 1 < text.Length)
                {
                    current.Append(c).Append(text[++i]);
                    column++;
                    if (text[i] == '\n')
                    {
                        line++;
                        column = 0;
                    }
                }
                else if (c == '"')
                {
                    quoted = false;
                    Flush(wasQuoted: true);
                }
                else
                {
                    if (c == '\n')
                    {
                        throw new ZoneFormatException("unterminated quoted string", file, tokenLine, tokenColumn);
                    }

                    current.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '\n':
                    Flush(false);
                    if (openParens == 0)
                    {
                        if (tokens.Count > 0)
                        {
                            yield return new ZoneLine(tokens, startsWithBlank, entryLine);
                            tokens = [];
                        }

                        atEntryStart = true;
                    }

                    line++;
                    column = 0;
                    continue;
                case '\r':
                    continue;
                case ';':
                    Flush(false);
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    continue;
                case ' ' or '\t':
                    if (atEntryStart && openParens == 0 && tokens.Count == 0 && current.Length == 0)
                    {
                        startsWithBlank = true;
                        atEntryStart = false;
                        entryLine = line;
                    }

                    Flush(false);
                    continue;
                case '(':
                    Flush(false);
                    if (openParens == 0)
                    {
                        openParenLine = line;
                        openParenColumn = column;
                    }

                    openParens++;
                    MarkEntryStart();
                    continue;
                case ')':
                    Flush(false);
                    if (openParens == 0)
                    {
                        throw new ZoneFormatException("')' without a matching '('", file, line, column);
                    }

                    openParens--;
                    continue;
                case '"':
                    Flush(false);
                    MarkEntryStart();
                    quoted = true;
                    tokenLine = line;
                    tokenColumn = column;
                    continue;
            }

            if (current.Length == 0)
            {
                MarkEntryStart();
                tokenLine = line;
                tokenColumn = column;
            }

            current.Append(c);
            if (c == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
            {
                current.Append(text[++i]);
                column++;
            }
        }

        if (quoted)
        {
            throw new ZoneFormatException("unterminated quoted string", file, tokenLine, tokenColumn);
        }

        if (openParens > 0)
        {
            throw new ZoneFormatException("'(' is never closed", file, openParenLine, openParenColumn);
        }

        Flush(false);
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
}
