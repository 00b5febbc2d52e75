using System.Numerics;

namespace Vaults.Ethereum.Abi;

/// <summary><c>int&lt;Bits&gt;</c> (two's complement), 8 &lt;= Bits &lt;= 256, Bits % 8 == 0. Values decode to <see cref="BigInteger"/>.</summary>
public sealed record IntType : AbiType
{
    private static readonly IntType[] Cache = Enumerable.Range(1, 32).Select(i => new IntType(i * 8)).ToArray();

    /// <summary>Creates int&lt;bits&gt;.</summary>
    /// <exception cref="AbiTypeException">Bits is not a multiple of 8 in 8..256.</exception>
    public IntType(int Bits)
    {
        if (Bits < 8 || Bits > 256 || Bits % 8 != 0) throw new AbiTypeException("int" + Bits, "the size must be a multiple of 8 from 8 to 256");
        this.Bits = Bits;
        CanonicalName = "int" + Bits;
        MaxValue = (BigInteger.One << (Bits - 1)) - 1;
        MinValue = -(BigInteger.One << (Bits - 1));
    }

    internal static IntType Get(int bits) => bits >= 8 && bits <= 256 && bits % 8 == 0 ? Cache[bits / 8 - 1] : new IntType(bits);

    /// <summary>The width in bits.</summary>
    public int Bits { get; }

    /// <summary>2^(Bits-1) - 1.</summary>
    public BigInteger MaxValue { get; }

    /// <summary>-2^(Bits-1).</summary>
    public BigInteger MinValue { get; }

    /// <inheritdoc />
    public override string CanonicalName { get; }

    /// <inheritdoc />
    public override bool IsDynamic => false;

    /// <inheritdoc />
    public override int HeadSize => 32;

    /// <inheritdoc />
    public bool Equals(IntType? other) => other is not null && other.Bits == Bits;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(2, Bits);

    /// <inheritdoc />
    public override string ToString() => CanonicalName;
}
