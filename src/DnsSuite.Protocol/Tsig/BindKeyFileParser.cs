using System.Text;

namespace DnsSuite.Protocol.Tsig;

/// <summary>
/// BIND's key statements: <c>key "name" { algorithm hmac-sha256; secret "base64=="; };</c>, any number
/// of them, with <c>//</c>, <c>#</c> and <c>/* */</c> comments. Nothing else may appear.
/// </summary>
internal sealed class BindKeyFileParser
{
    private readonly string _text;
    private readonly string _file;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private BindKeyFileParser(string text, string file)
    {
        _text = text;
        _file = file;
    }

    private enum Kind
    {
        Word,
        QuotedString,
        Punctuation,
        End,
    }

    public static IReadOnlyList<TsigKey> Parse(string text, string file) => new BindKeyFileParser(text, file).ParseStatements();

    private List<TsigKey> ParseStatements()
    {
        var keys = new List<TsigKey>();
        var seen = new Dictionary<DomainName, int>();
        while (true)
        {
            Token token = Next();
            if (token.Kind == Kind.End)
            {
                return keys;
            }

            if (token.Kind != Kind.Word || !token.Text.Equals("key", StringComparison.OrdinalIgnoreCase))
            {
                throw Error(token, $"expected a key statement, found {Describe(token)}");
            }

            Token nameToken = Next();
            if (nameToken.Kind is not (Kind.Word or Kind.QuotedString))
            {
                throw Error(nameToken, $"expected a key name, found {Describe(nameToken)}");
            }

            if (TsigKeyFile.ParseName(nameToken.Text, out DomainName? name) is { } nameError)
            {
                throw Error(nameToken, nameError);
            }

            if (seen.TryGetValue(name!, out int firstLine))
            {
                throw Error(nameToken, $"duplicate key {name} (first defined on line {firstLine})");
            }

            seen[name!] = nameToken.Line;
            keys.Add(ParseBody(name!, nameToken));
        }
    }

    private TsigKey ParseBody(DomainName name, Token nameToken)
    {
        Expect("{", "after the key name");
        TsigAlgorithm? algorithm = null;
        byte[]? secret = null;
        while (true)
        {
            Token clause = Next();
            if (clause.Kind == Kind.Punctuation && clause.Text == "}")
            {
                break;
            }

            if (clause.Kind != Kind.Word)
            {
                throw Error(clause, $"key {name}: expected 'algorithm', 'secret' or '}}', found {Describe(clause)}");
            }

            string keyword = clause.Text.ToLowerInvariant();
            if (keyword is not ("algorithm" or "secret"))
            {
                throw Error(clause, $"key {name}: unknown clause '{clause.Text}' (expected 'algorithm' or 'secret')");
            }

            Token value = Next();
            if (value.Kind is not (Kind.Word or Kind.QuotedString))
            {
                throw Error(value, $"key {name}: expected a value after '{keyword}', found {Describe(value)}");
            }

            if ((keyword == "algorithm" ? algorithm is not null : secret is not null))
            {
                throw Error(clause, $"key {name}: duplicate '{keyword}'");
            }

            string? error = keyword == "algorithm"
                ? TsigKeyFile.ParseAlgorithm(value.Text, out algorithm)
                : TsigKeyFile.ParseSecret(value.Text, out secret);
            if (error is not null)
            {
                throw Error(value, $"key {name}: {error}");
            }

            Expect(";", $"after the {keyword} of key {name}");
        }

        Expect(";", $"after the key statement of {name}");
        if (algorithm is null)
        {
            throw Error(nameToken, $"key {name} has no algorithm");
        }

        if (secret is null)
        {
            throw Error(nameToken, $"key {name} has no secret");
        }

        return new TsigKey(name, algorithm, secret);
    }

    private void Expect(string punctuation, string where)
    {
        Token token = Next();
        if (token.Kind != Kind.Punctuation || token.Text != punctuation)
        {
            throw Error(token, $"expected '{punctuation}' {where}, found {Describe(token)}");
        }
    }

    /// <summary>Names a token for an error without quoting a string's content: it may be a secret.</summary>
    private static string Describe(Token token) => token.Kind switch
    {
        Kind.End => "the end of the file",
        Kind.QuotedString => "a quoted string",
        _ => $"'{token.Text}'",
    };

    private TsigKeyFileException Error(Token token, string reason) => new(reason, _file, token.Line, token.Column);

    private Token Next()
    {
        SkipBlanksAndComments();
        int line = _line;
        int column = _position - _lineStart + 1;
        if (_position >= _text.Length)
        {
            return new Token(Kind.End, string.Empty, line, column);
        }

        char c = _text[_position];
        if (c is '{' or '}' or ';')
        {
            _position++;
            return new Token(Kind.Punctuation, c.ToString(), line, column);
        }

        if (c == '"')
        {
            return new Token(Kind.QuotedString, ReadQuoted(line, column), line, column);
        }

        int start = _position;
        while (_position < _text.Length && !char.IsWhiteSpace(_text[_position]) && _text[_position] is not ('{' or '}' or ';' or '"' or '#')
            && !IsAt("//") && !IsAt("/*"))
        {
            _position++;
        }

        return new Token(Kind.Word, _text[start.._position], line, column);
    }

    private string ReadQuoted(int line, int column)
    {
        var value = new StringBuilder();
        _position++;
        while (_position < _text.Length && _text[_position] != '"')
        {
            char c = _text[_position++];
            if (c == '\\' && _position < _text.Length)
            {
                c = _text[_position++];
            }

            if (c == '\n')
            {
                NewLine();
            }

            value.Append(c);
        }

        if (_position >= _text.Length)
        {
            throw new TsigKeyFileException("unterminated quoted string", _file, line, column);
        }

        _position++;
        return value.ToString();
    }

    private void SkipBlanksAndComments()
    {
        while (_position < _text.Length)
        {
            char c = _text[_position];
            if (c == '\n')
            {
                _position++;
                NewLine();
            }
            else if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '#' || IsAt("//"))
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (IsAt("/*"))
            {
                SkipBlockComment();
            }
            else
            {
                return;
            }
        }
    }

    private void SkipBlockComment()
    {
        int line = _line;
        int column = _position - _lineStart + 1;
        _position += 2;
        while (!IsAt("*/"))
        {
            if (_position >= _text.Length)
            {
                throw new TsigKeyFileException("unterminated /* comment", _file, line, column);
            }

            if (_text[_position++] == '\n')
            {
                NewLine();
            }
        }

        _position += 2;
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _position;
    }

    private bool IsAt(string s) => string.CompareOrdinal(_text, _position, s, 0, s.Length) == 0;

    private readonly record struct Token(Kind Kind, string Text, int Line, int Column);
}
