namespace Vaults.Ethereum.Abi;

/// <summary>
/// <c>T[]</c> (<paramref name="Length"/> null, dynamic) or <c>T[k]</c> (fixed; dynamic only when T is).
/// Values encode from any <see cref="System.Collections.IList"/> and decode to <c>object?[]</c>.
/// </summary>
/// <param name="Element">The element type.</param>
/// <param name="Length">The fixed length, or null for a dynamic array.</param>
public sealed record ArrayType(AbiType Element, int? Length) : AbiType
{
    /// <summary>The element type.</summary>
    public AbiType Element { get; } = Element ?? throw new ArgumentNullException(nameof(Element));

    /// <summary>The fixed length, or null for <c>T[]</c>.</summary>
    public int? Length { get; } = Length is <= 0 ? throw new AbiTypeException($"{Element}[{Length}]", "fixed arrays must have at least one element") : Length;

    /// <inheritdoc />
    public override string CanonicalName { get; } = Element.CanonicalName + (Length is { } n ? "[" + n + "]" : "[]");

    /// <inheritdoc />
    public override bool IsDynamic { get; } = Length is null || Element.IsDynamic;

    /// <inheritdoc />
    public override int HeadSize { get; } = ComputeHeadSize(Element, Length);

    private static int ComputeHeadSize(AbiType element, int? length)
    {
        if (length is not { } n || element.IsDynamic) return 32;
        long size = (long)element.HeadSize * n;
        if (size > MaxStaticSize) throw new AbiTypeException($"{element}[{n}]", $"the static size {size} bytes is too large");
        return (int)size;
    }

    /// <inheritdoc />
    public bool Equals(ArrayType? other) => other is not null && other.Length == Length && other.Element.Equals(Element);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(8, Element, Length);

    /// <inheritdoc />
    public override string ToString() => CanonicalName;
}
