using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Vaults.Ethereum.Signer.Fast;

/// <summary>
/// A 256-bit unsigned integer as four little-endian 64-bit limbs (<see cref="L0"/> least significant). The storage
/// for secp256k1 field elements (<see cref="Field"/>) and scalars (<see cref="Scalar"/>); a plain mutable struct so
/// the JIT can keep it in registers and pass it by reference without copies.
/// </summary>
internal struct U256
{
    public ulong L0, L1, L2, L3;

    public U256(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3;
    }

    public readonly bool IsZero => (L0 | L1 | L2 | L3) == 0;

    public readonly bool IsOdd => (L0 & 1) != 0;

    /// <summary>Reads 32 big-endian bytes.</summary>
    public static U256 FromBigEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32) ThrowLength();
        return new U256(
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }

    /// <summary>Writes 32 big-endian bytes.</summary>
    public readonly void WriteBigEndian(Span<byte> destination)
    {
        if (destination.Length < 32) ThrowLength();
        BinaryPrimitives.WriteUInt64BigEndian(destination, L3);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], L2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], L1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], L0);
    }

    /// <summary>a &lt; b, as unsigned 256-bit integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LessThan(in U256 a, in U256 b)
    {
        // Borrow out of a - b.
        ulong borrow = 0;
        Sbb(a.L0, b.L0, ref borrow);
        Sbb(a.L1, b.L1, ref borrow);
        Sbb(a.L2, b.L2, ref borrow);
        Sbb(a.L3, b.L3, ref borrow);
        return borrow != 0;
    }

    /// <summary>r = a - b mod 2^256; returns the borrow (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sub(in U256 a, in U256 b, out U256 r)
    {
        ulong borrow = 0;
        r.L0 = Sbb(a.L0, b.L0, ref borrow);
        r.L1 = Sbb(a.L1, b.L1, ref borrow);
        r.L2 = Sbb(a.L2, b.L2, ref borrow);
        r.L3 = Sbb(a.L3, b.L3, ref borrow);
        return borrow;
    }

    /// <summary>r = a + b mod 2^256; returns the carry (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Add(in U256 a, in U256 b, out U256 r)
    {
        ulong carry = 0;
        r.L0 = Adc(a.L0, b.L0, ref carry);
        r.L1 = Adc(a.L1, b.L1, ref carry);
        r.L2 = Adc(a.L2, b.L2, ref carry);
        r.L3 = Adc(a.L3, b.L3, ref carry);
        return carry;
    }

    /// <summary>x + y + carry; carry becomes the carry out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Adc(ulong x, ulong y, ref ulong carry)
    {
        ulong s = x + y;
        ulong c1 = s < x ? 1UL : 0UL;
        ulong r = s + carry;
        ulong c2 = r < s ? 1UL : 0UL;
        carry = c1 | c2;
        return r;
    }

    /// <summary>x - y - borrow; borrow becomes the borrow out (0 or 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Sbb(ulong x, ulong y, ref ulong borrow)
    {
        ulong d = x - y;
        ulong b1 = x < y ? 1UL : 0UL;
        ulong r = d - borrow;
        ulong b2 = d < borrow ? 1UL : 0UL;
        borrow = b1 | b2;
        return r;
    }

    /// <summary>Branch-free select: <paramref name="mask"/> all ones picks <paramref name="a"/>, zero picks <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Select(ulong mask, in U256 a, in U256 b, out U256 r)
    {
        r.L0 = (a.L0 & mask) | (b.L0 & ~mask);
        r.L1 = (a.L1 & mask) | (b.L1 & ~mask);
        r.L2 = (a.L2 & mask) | (b.L2 & ~mask);
        r.L3 = (a.L3 & mask) | (b.L3 & ~mask);
    }

    /// <summary>Full 256×256 → 512-bit product, limbs little-endian in r0..r7 (product scanning, 3-word accumulator).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulWide(in U256 a, in U256 b,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3, out ulong r4, out ulong r5, out ulong r6, out ulong r7)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong b0 = b.L0, b1 = b.L1, b2 = b.L2, b3 = b.L3;
        ulong c0 = 0, c1 = 0, c2 = 0;
        MulAdd(a0, b0, ref c0, ref c1, ref c2);
        r0 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a0, b1, ref c0, ref c1, ref c2);
        MulAdd(a1, b0, ref c0, ref c1, ref c2);
        r1 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a0, b2, ref c0, ref c1, ref c2);
        MulAdd(a1, b1, ref c0, ref c1, ref c2);
        MulAdd(a2, b0, ref c0, ref c1, ref c2);
        r2 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a0, b3, ref c0, ref c1, ref c2);
        MulAdd(a1, b2, ref c0, ref c1, ref c2);
        MulAdd(a2, b1, ref c0, ref c1, ref c2);
        MulAdd(a3, b0, ref c0, ref c1, ref c2);
        r3 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a1, b3, ref c0, ref c1, ref c2);
        MulAdd(a2, b2, ref c0, ref c1, ref c2);
        MulAdd(a3, b1, ref c0, ref c1, ref c2);
        r4 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd(a2, b3, ref c0, ref c1, ref c2);
        MulAdd(a3, b2, ref c0, ref c1, ref c2);
        r5 = c0; c0 = c1; c1 = c2;
        MulAdd(a3, b3, ref c0, ref c1, ref c2);
        r6 = c0; r7 = c1;
    }

    /// <summary>Full 256-bit square → 512 bits (cross products computed once and doubled).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SqrWide(in U256 a,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3, out ulong r4, out ulong r5, out ulong r6, out ulong r7)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        ulong c0 = 0, c1 = 0, c2 = 0;
        MulAdd(a0, a0, ref c0, ref c1, ref c2);
        r0 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd2(a0, a1, ref c0, ref c1, ref c2);
        r1 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd2(a0, a2, ref c0, ref c1, ref c2);
        MulAdd(a1, a1, ref c0, ref c1, ref c2);
        r2 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd2(a0, a3, ref c0, ref c1, ref c2);
        MulAdd2(a1, a2, ref c0, ref c1, ref c2);
        r3 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd2(a1, a3, ref c0, ref c1, ref c2);
        MulAdd(a2, a2, ref c0, ref c1, ref c2);
        r4 = c0; c0 = c1; c1 = c2; c2 = 0;
        MulAdd2(a2, a3, ref c0, ref c1, ref c2);
        r5 = c0; c0 = c1; c1 = c2;
        MulAdd(a3, a3, ref c0, ref c1, ref c2);
        r6 = c0; r7 = c1;
    }

    /// <summary>
    /// Full 64×64 → 128-bit product: returns the high half, <paramref name="lo"/> the low half. With BMI2 the high
    /// half comes from <c>mulx</c> and the low half from a plain <c>imul</c>; <see cref="Math.BigMul(ulong, ulong, out ulong)"/>
    /// would route the low half through a stack slot (store + reload) on every product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mul64(ulong a, ulong b, out ulong lo)
    {
        if (System.Runtime.Intrinsics.X86.Bmi2.X64.IsSupported)
        {
            lo = a * b;
            return System.Runtime.Intrinsics.X86.Bmi2.X64.MultiplyNoFlags(a, b);
        }
        return Math.BigMul(a, b, out lo);
    }

    /// <summary>(c0,c1,c2) += a·b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulAdd(ulong a, ulong b, ref ulong c0, ref ulong c1, ref ulong c2)
    {
        ulong hi = Mul64(a, b, out ulong lo);
        c0 += lo;
        hi += c0 < lo ? 1UL : 0UL; // hi ≤ 2^64 - 2, cannot overflow
        c1 += hi;
        c2 += c1 < hi ? 1UL : 0UL;
    }

    /// <summary>(c0,c1,c2) += 2·a·b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MulAdd2(ulong a, ulong b, ref ulong c0, ref ulong c1, ref ulong c2)
    {
        ulong hi = Mul64(a, b, out ulong lo);
        ulong top = hi >> 63;
        hi = (hi << 1) | (lo >> 63);
        lo <<= 1;
        c0 += lo;
        ulong carry = c0 < lo ? 1UL : 0UL;
        hi += carry;
        top += hi < carry ? 1UL : 0UL;
        c1 += hi;
        top += c1 < hi ? 1UL : 0UL;
        c2 += top;
    }

    public override readonly string ToString() => $"0x{L3:x16}{L2:x16}{L1:x16}{L0:x16}";

    private static void ThrowLength() => throw new ArgumentException("A 256-bit value needs exactly 32 bytes.");
}
