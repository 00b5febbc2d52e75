namespace Vaults.Ethereum.Abi;

/// <summary><c>bool</c>, encoded as uint8 0 or 1. Values decode to <see cref="bool"/>.</summary>
public sealed record BoolType : AbiType
{
    /// <summary>The shared instance.</summary>
    public static BoolType Instance { get; } = new();

    /// <inheritdoc />
    public override string CanonicalName => "bool";

    /// <inheritdoc />
    public override bool IsDynamic => false;

    /// <inheritdoc />
    public override int HeadSize => 32;

    /// <inheritdoc />
    public bool Equals(BoolType? other) => other is not null;

    /// <inheritdoc />
    public override int GetHashCode() => 5;

    /// <inheritdoc />
    public override string ToString() => CanonicalName;
}
