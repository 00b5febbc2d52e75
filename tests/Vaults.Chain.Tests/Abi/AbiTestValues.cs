using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Tests.Abi;

/// <summary>Converts JSON vector values to CLR values of a type, and compares decoded values structurally.</summary>
internal static class AbiTestValues
{
    public static object? FromJson(AbiType type, JsonElement v) => type switch
    {
        UIntType or IntType => v.ValueKind == JsonValueKind.Number
            ? BigInteger.Parse(v.GetRawText(), CultureInfo.InvariantCulture)
            : ParseInteger(v.GetString()!),
        AddressType => Address.Parse(v.GetString()!),
        BoolType => v.GetBoolean(),
        StringType => v.GetString(),
        BytesType or FixedBytesType => Bytes(v.GetString()!),
        ArrayType a => v.EnumerateArray().Select(e => FromJson(a.Element, e)).ToArray(),
        TupleType t => v.EnumerateArray().Select((e, i) => FromJson(t.Components[i], e)).ToArray(),
        _ => throw new NotSupportedException(type.CanonicalName),
    };

    public static object?[] FromJson(IReadOnlyList<AbiType> types, JsonElement values) =>
        values.EnumerateArray().Select((e, i) => FromJson(types[i], e)).ToArray();

    private static BigInteger ParseInteger(string s) => s.StartsWith("0x", StringComparison.Ordinal)
        ? BigInteger.Parse("0" + s[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : BigInteger.Parse(s, CultureInfo.InvariantCulture);

    private static byte[] Bytes(string s) => s.StartsWith("0x", StringComparison.Ordinal) ? HexConvert.ToBytes(s) : Encoding.UTF8.GetBytes(s);

    /// <summary>Structural equality of ABI values: BigInteger (also vs CLR integers), Address, bool, bytes, string, lists.</summary>
    public static bool StructurallyEqual(object? expected, object? actual)
    {
        switch (expected)
        {
            case null: return actual is null;
            case byte[] b: return actual is byte[] a && a.AsSpan().SequenceEqual(b);
            case ReadOnlyMemory<byte> m: return actual is byte[] a2 && a2.AsSpan().SequenceEqual(m.Span);
            case string s: return actual is string t && s == t;
            case bool f: return actual is bool g && f == g;
            case Address addr: return actual is Address other && addr == other;
            case BigInteger bi: return actual is BigInteger bj && bi == bj;
            case sbyte or byte or short or ushort or int or uint or long or ulong:
                return actual is BigInteger bk && bk == BigInteger.Parse(Convert.ToString(expected, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
            case IList le:
                if (actual is not object?[] la || la.Length != le.Count) return false;
                for (int i = 0; i < la.Length; i++) if (!StructurallyEqual(le[i], la[i])) return false;
                return true;
            default: return Equals(expected, actual);
        }
    }

    public static void AssertEqual(object? expected, object? actual)
    {
        if (!StructurallyEqual(expected, actual))
            Assert.Fail($"Expected {AbiValueFormatter.Format(expected)} but got {AbiValueFormatter.Format(actual)}");
    }

    public static string ToHex0x(byte[] data) => HexConvert.ToHex(data);

    public static byte[] H(string hex) => HexConvert.ToBytes(hex);

    public static string Word(string hexDigits) => hexDigits.PadLeft(64, '0');

    public static AbiType[] T(params string[] types) => types.Select(AbiType.Parse).ToArray();
}
