namespace Vaults.Ethereum.Abi;

/// <summary><c>bytes&lt;Size&gt;</c>, 1 &lt;= Size &lt;= 32, right-padded in its 32-byte slot. Values decode to a byte[] of exactly Size bytes.</summary>
public sealed record FixedBytesType : AbiType
{
    private static readonly FixedBytesType[] Cache = Enumerable.Range(1, 32).Select(i => new FixedBytesType(i)).ToArray();

    /// <summary>Creates bytes&lt;size&gt;.</summary>
    /// <exception cref="AbiTypeException">Size is outside 1..32.</exception>
    public FixedBytesType(int Size)
    {
        if (Size < 1 || Size > 32) throw new AbiTypeException("bytes" + Size, "the size must be from 1 to 32");
        this.Size = Size;
        CanonicalName = "bytes" + Size;
    }

    internal static FixedBytesType Get(int size) => size >= 1 && size <= 32 ? Cache[size - 1] : new FixedBytesType(size);

    /// <summary>The number of bytes.</summary>
    public int Size { get; }

    /// <inheritdoc />
    public override string CanonicalName { get; }

    /// <inheritdoc />
    public override bool IsDynamic => false;

    /// <inheritdoc />
    public override int HeadSize => 32;

    /// <inheritdoc />
    public bool Equals(FixedBytesType? other) => other is not null && other.Size == Size;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(3, Size);

    /// <inheritdoc />
    public override string ToString() => CanonicalName;
}
