namespace Vaults.Ethereum.Abi;

/// <summary><c>string</c>, dynamic; UTF-8 bytes encoded like <c>bytes</c>. Values decode to <see cref="string"/>.</summary>
public sealed record StringType : AbiType
{
    /// <summary>The shared instance.</summary>
    public static StringType Instance { get; } = new();

    /// <inheritdoc />
    public override string CanonicalName => "string";

    /// <inheritdoc />
    public override bool IsDynamic => true;

    /// <inheritdoc />
    public override int HeadSize => 32;

    /// <inheritdoc />
    public bool Equals(StringType? other) => other is not null;

    /// <inheritdoc />
    public override int GetHashCode() => 7;

    /// <inheritdoc />
    public override string ToString() => CanonicalName;
}
