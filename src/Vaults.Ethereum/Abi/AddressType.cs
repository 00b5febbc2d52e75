namespace Vaults.Ethereum.Abi;

/// <summary><c>address</c> (20 bytes, left-padded like uint160). Values decode to <see cref="Vaults.Ethereum.Util.Address"/>.</summary>
public sealed record AddressType : AbiType
{
    /// <summary>The shared instance.</summary>
    public static AddressType Instance { get; } = new();

    /// <inheritdoc />
    public override string CanonicalName => "address";

    /// <inheritdoc />
    public override bool IsDynamic => false;

    /// <inheritdoc />
    public override int HeadSize => 32;

    /// <inheritdoc />
    public bool Equals(AddressType? other) => other is not null;

    /// <inheritdoc />
    public override int GetHashCode() => 4;

    /// <inheritdoc />
    public override string ToString() => CanonicalName;
}
