namespace Vaults.Ethereum.Abi;

/// <summary>
/// A tuple (Solidity struct) <c>(T1,T2,...)</c>. Values encode from any <see cref="System.Collections.IList"/> with one item per
/// component and decode to <c>object?[]</c>. Equality compares the components structurally.
/// </summary>
/// <param name="Components">The component types, in order.</param>
public sealed record TupleType(IReadOnlyList<AbiType> Components) : AbiType
{
    /// <summary>The component types, in order.</summary>
    public IReadOnlyList<AbiType> Components { get; } = Snapshot(Components);

    /// <inheritdoc />
    public override string CanonicalName { get; } = "(" + string.Join(",", Components.Select(c => c.CanonicalName)) + ")";

    /// <inheritdoc />
    public override bool IsDynamic { get; } = Components.Any(c => c.IsDynamic);

    /// <inheritdoc />
    public override int HeadSize { get; } = ComputeHeadSize(Components);

    internal AbiType[] ComponentArray => (AbiType[])Components;

    private static AbiType[] Snapshot(IReadOnlyList<AbiType> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count == 0) throw new AbiTypeException("()", "a tuple needs at least one component");
        var copy = new AbiType[components.Count];
        for (int i = 0; i < copy.Length; i++) copy[i] = components[i] ?? throw new ArgumentException($"Tuple component {i} is null.", nameof(components));
        return copy;
    }

    private static int ComputeHeadSize(IReadOnlyList<AbiType> components)
    {
        long size = 0;
        bool dynamic = false;
        foreach (var c in components)
        {
            dynamic |= c.IsDynamic;
            size += c.HeadSize;
        }
        if (dynamic) return 32;
        if (size > MaxStaticSize) throw new AbiTypeException("(" + string.Join(",", components) + ")", $"the static size {size} bytes is too large");
        return (int)size;
    }

    /// <summary>The total head size of the components (the tuple's own head region when it is encoded).</summary>
    internal int ComponentsHeadSize
    {
        get
        {
            int size = 0;
            foreach (var c in ComponentArray) size += c.HeadSize;
            return size;
        }
    }

    /// <inheritdoc />
    public bool Equals(TupleType? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (other.Components.Count != Components.Count) return false;
        for (int i = 0; i < Components.Count; i++)
            if (!Components[i].Equals(other.Components[i])) return false;
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode() => CanonicalName.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => CanonicalName;
}
