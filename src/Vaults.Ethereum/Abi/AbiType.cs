using System.Globalization;

namespace Vaults.Ethereum.Abi;

/// <summary>
/// A Solidity ABI type. Records compare by structure, so <c>AbiType.Parse("uint256[]") == new ArrayType(new UIntType(256), null)</c>.
/// Every derived value (<see cref="CanonicalName"/>, <see cref="IsDynamic"/>, <see cref="HeadSize"/>) is computed once at construction;
/// the types are immutable and safe to share between threads.
/// </summary>
public abstract record AbiType
{
    /// <summary>Limit on the static head size of one type, so that absurd fixed arrays (uint256[4294967295]) fail at parse time.</summary>
    internal const long MaxStaticSize = 1 << 24;

    private protected AbiType() { }

    /// <summary>The canonical name used in signatures, e.g. "uint256", "(uint256,address)[]".</summary>
    public abstract string CanonicalName { get; }

    /// <summary>True for bytes, string, T[], and tuples or fixed arrays containing one of those.</summary>
    public abstract bool IsDynamic { get; }

    /// <summary>Bytes the type occupies in the head of an enclosing tuple: 32 for dynamic types (the offset), the full static size otherwise.</summary>
    public abstract int HeadSize { get; }

    /// <inheritdoc />
    public override string ToString() => CanonicalName;

    /// <summary>
    /// Parses a canonical type such as "uint256", "int24", "bytes32", "address[]" or "(uint256,int256,address)[3][]".
    /// The aliases "uint", "int" (256 bits) and "byte" (bytes1) are accepted and normalised.
    /// A bare "tuple" is rejected: tuples come from the JSON ABI "components" (see <see cref="ContractAbi"/>) or from the "(...)" syntax.
    /// </summary>
    /// <exception cref="AbiTypeException">The text is not a valid ABI type; the message names it.</exception>
    public static AbiType Parse(string canonicalType)
    {
        ArgumentNullException.ThrowIfNull(canonicalType);
        var text = canonicalType.Trim();
        int pos = 0;
        var type = ParseType(text, ref pos, canonicalType, 0);
        if (pos != text.Length)
            throw new AbiTypeException(canonicalType, $"unexpected '{text[pos]}' at position {pos}");
        return type;
    }

    /// <summary>Applies array suffixes such as "[]", "[3][]" to an element type (used for JSON "tuple[2][]").</summary>
    internal static AbiType ApplyArraySuffixes(AbiType element, string suffixes, string source)
    {
        int pos = 0;
        var type = ParseSuffixes(element, suffixes, ref pos, source);
        if (pos != suffixes.Length)
            throw new AbiTypeException(source, $"unexpected '{suffixes[pos]}' in array suffix");
        return type;
    }

    private static AbiType ParseType(string text, ref int pos, string source, int depth)
    {
        if (depth > 32) throw new AbiTypeException(source, "nesting is deeper than 32 levels");
        AbiType baseType;
        if (pos < text.Length && text[pos] == '(')
        {
            pos++;
            var components = new List<AbiType>();
            if (pos < text.Length && text[pos] == ')')
                throw new AbiTypeException(source, "empty tuple");
            while (true)
            {
                components.Add(ParseType(text, ref pos, source, depth + 1));
                if (pos >= text.Length) throw new AbiTypeException(source, "missing ')'");
                if (text[pos] == ',') { pos++; continue; }
                if (text[pos] == ')') { pos++; break; }
                throw new AbiTypeException(source, $"unexpected '{text[pos]}' at position {pos}");
            }
            baseType = new TupleType(components);
        }
        else
        {
            int start = pos;
            while (pos < text.Length && char.IsAsciiLetterOrDigit(text[pos])) pos++;
            baseType = ParseElementary(text.AsSpan(start, pos - start), source);
        }
        return ParseSuffixes(baseType, text, ref pos, source);
    }

    private static AbiType ParseSuffixes(AbiType type, string text, ref int pos, string source)
    {
        while (pos < text.Length && text[pos] == '[')
        {
            int close = text.IndexOf(']', pos);
            if (close < 0) throw new AbiTypeException(source, "missing ']'");
            var digits = text.AsSpan(pos + 1, close - pos - 1);
            int? length = null;
            if (digits.Length > 0)
            {
                if (!IsDigits(digits) || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    throw new AbiTypeException(source, $"bad array length '{digits.ToString()}'");
                if (n == 0) throw new AbiTypeException(source, "fixed arrays must have at least one element");
                length = n;
            }
            type = new ArrayType(type, length);
            pos = close + 1;
        }
        return type;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    private static AbiType ParseElementary(ReadOnlySpan<char> name, string source)
    {
        switch (name)
        {
            case "": throw new AbiTypeException(source, "missing type name");
            case "address": return AddressType.Instance;
            case "bool": return BoolType.Instance;
            case "string": return StringType.Instance;
            case "bytes": return BytesType.Instance;
            case "uint": return UIntType.Get(256);
            case "int": return IntType.Get(256);
            case "byte": return FixedBytesType.Get(1);
            case "tuple": throw new AbiTypeException(source, "'tuple' needs its components; write \"(type1,type2)\" or parse the JSON ABI");
            case "function": throw new AbiTypeException(source, "the 'function' type is not supported");
        }
        if (name.StartsWith("uint")) return UIntType.Get(ParseSize(name[4..], source));
        if (name.StartsWith("int")) return IntType.Get(ParseSize(name[3..], source));
        if (name.StartsWith("bytes")) return FixedBytesType.Get(ParseSize(name[5..], source));
        if (name.StartsWith("fixed") || name.StartsWith("ufixed"))
            throw new AbiTypeException(source, "fixed-point types are not supported");
        throw new AbiTypeException(source, $"unknown type '{name.ToString()}'");
    }

    private static int ParseSize(ReadOnlySpan<char> digits, string source)
    {
        if (digits.Length == 0 || digits.Length > 3 || !IsDigits(digits) || digits[0] == '0')
            throw new AbiTypeException(source, $"bad size '{digits.ToString()}'");
        return int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
