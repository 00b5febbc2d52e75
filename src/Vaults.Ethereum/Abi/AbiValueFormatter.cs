using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Abi;

/// <summary>
/// Renders decoded ABI values for messages and logs: integers in decimal, addresses EIP-55 checksummed, bytes as 0x-hex,
/// strings quoted, arrays as [a, b], tuples as (a, b). Without the type, every list renders as an array.
/// </summary>
public static class AbiValueFormatter
{
    /// <summary>Formats a value without type information (all lists render as [..]).</summary>
    public static string Format(object? value)
    {
        var sb = new StringBuilder();
        Append(sb, value, null);
        return sb.ToString();
    }

    /// <summary>Formats a value of a known type (tuples render as (..)).</summary>
    public static string Format(object? value, AbiType type)
    {
        var sb = new StringBuilder();
        Append(sb, value, type);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, object? value, AbiType? type)
    {
        switch (value)
        {
            case null: sb.Append("null"); return;
            case BigInteger b: sb.Append(b.ToString(CultureInfo.InvariantCulture)); return;
            case HexBigInteger h: sb.Append(h.Value.ToString(CultureInfo.InvariantCulture)); return;
            case Address a: sb.Append(a.ToString()); return;
            case bool flag: sb.Append(flag ? "true" : "false"); return;
            case byte[] bytes: sb.Append(HexConvert.ToHex(bytes)); return;
            case ReadOnlyMemory<byte> m: sb.Append(HexConvert.ToHex(m.Span)); return;
            case string s:
                if (type is AddressType) { sb.Append(s); return; }
                sb.Append('"');
                foreach (var c in s)
                {
                    switch (c)
                    {
                        case '"': sb.Append("\\\""); break;
                        case '\\': sb.Append("\\\\"); break;
                        case '\n': sb.Append("\\n"); break;
                        case '\r': sb.Append("\\r"); break;
                        case '\t': sb.Append("\\t"); break;
                        default:
                            if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                            else sb.Append(c);
                            break;
                    }
                }
                sb.Append('"');
                return;
            case IList list:
            {
                bool tuple = type is TupleType;
                sb.Append(tuple ? '(' : '[');
                for (int i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    AbiType? inner = type switch
                    {
                        TupleType t when i < t.Components.Count => t.Components[i],
                        ArrayType a => a.Element,
                        _ => null,
                    };
                    Append(sb, list[i], inner);
                }
                sb.Append(tuple ? ')' : ']');
                return;
            }
            case IFormattable f: sb.Append(f.ToString(null, CultureInfo.InvariantCulture)); return;
            default: sb.Append(value); return;
        }
    }
}
