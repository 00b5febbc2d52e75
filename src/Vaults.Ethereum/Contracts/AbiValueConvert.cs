namespace Vaults.Ethereum.Contracts;

/// <summary>List conversions used by generated bindings between typed lists and the ABI layer's object?[] arrays.</summary>
public static class AbiValueConvert
{
    /// <summary>Converts a decoded array into a typed list.</summary>
    public static List<T> ToList<T>(object? value, Func<object?, T> convert)
    {
        var items = value as object?[] ?? throw new InvalidCastException($"Expected a decoded ABI array, got {value?.GetType().Name ?? "null"}.");
        var list = new List<T>(items.Length);
        foreach (var item in items) list.Add(convert(item));
        return list;
    }

    /// <summary>Converts a typed list into the ABI array value, element by element.</summary>
    public static object?[] FromList<T>(IReadOnlyList<T>? list, Func<T, object?> convert)
    {
        if (list is null) return [];
        var result = new object?[list.Count];
        for (int i = 0; i < result.Length; i++) result[i] = convert(list[i]);
        return result;
    }
}
