using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Vaults.Ethereum.Generators;

/// <summary>
/// A small strict JSON reader for the generator. Analyzers run on netstandard2.0 inside the compiler,
/// where pulling System.Text.Json in means shipping its dependencies beside the analyzer; artifacts are
/// simple JSON, so a 100-line reader is the lighter choice. Objects become Dictionary&lt;string, object?&gt;,
/// arrays List&lt;object?&gt;, numbers double, and strings, bools and null themselves.
/// </summary>
internal sealed class MiniJson
{
    private readonly string _text;
    private int _pos;

    private MiniJson(string text) => _text = text;

    public static object? Parse(string text)
    {
        var reader = new MiniJson(text);
        var value = reader.ReadValue();
        reader.SkipWhitespace();
        if (reader._pos != text.Length) throw reader.Error("trailing characters");
        return value;
    }

    private object? ReadValue()
    {
        SkipWhitespace();
        if (_pos >= _text.Length) throw Error("unexpected end");
        char c = _text[_pos];
        switch (c)
        {
            case '{': return ReadObject();
            case '[': return ReadArray();
            case '"': return ReadString();
            case 't': Expect("true"); return true;
            case 'f': Expect("false"); return false;
            case 'n': Expect("null"); return null;
            default: return ReadNumber();
        }
    }

    private Dictionary<string, object?> ReadObject()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        _pos++;
        SkipWhitespace();
        if (Peek() == '}') { _pos++; return result; }
        while (true)
        {
            SkipWhitespace();
            var key = ReadString();
            SkipWhitespace();
            if (Peek() != ':') throw Error("expected ':'");
            _pos++;
            result[key] = ReadValue();
            SkipWhitespace();
            char c = Peek();
            _pos++;
            if (c == '}') return result;
            if (c != ',') throw Error("expected ',' or '}'");
        }
    }

    private List<object?> ReadArray()
    {
        var result = new List<object?>();
        _pos++;
        SkipWhitespace();
        if (Peek() == ']') { _pos++; return result; }
        while (true)
        {
            result.Add(ReadValue());
            SkipWhitespace();
            char c = Peek();
            _pos++;
            if (c == ']') return result;
            if (c != ',') throw Error("expected ',' or ']'");
        }
    }

    private string ReadString()
    {
        if (Peek() != '"') throw Error("expected a string");
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string");
            char c = _text[_pos++];
            if (c == '"') return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            char e = _text[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    sb.Append((char)int.Parse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    _pos += 4;
                    break;
                default: throw Error("bad escape");
            }
        }
    }

    private double ReadNumber()
    {
        int start = _pos;
        while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0) _pos++;
        if (start == _pos) throw Error("unexpected character");
        return double.Parse(_text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private void Expect(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) throw Error("expected " + word);
        _pos += word.Length;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private FormatException Error(string what) => new FormatException("Invalid JSON at offset " + _pos + ": " + what);
}
