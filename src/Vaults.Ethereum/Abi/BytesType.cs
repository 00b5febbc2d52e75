namespace Vaults.Ethereum.Abi;

/// <summary><c>bytes</c>, dynamic; a length word then the data right-padded to 32 bytes. Values decode to byte[].</summary>
public sealed record BytesType : AbiType
{
    /// <summary>The shared instance.</summary>
    public static BytesType Instance { get; } = new();

    /// <inheritdoc />
    public override string CanonicalName => "bytes";

    /// <inheritdoc />
    public override bool IsDynamic => true;

    /// <inheritdoc />
    public override int HeadSize => 32;

    /// <inheritdoc />
    public bool Equals(BytesType? other) => other is not null;

    /// <inheritdoc />
    public override int GetHashCode() => 6;

    /// <inheritdoc />
    public override string ToString() => CanonicalName;
}
