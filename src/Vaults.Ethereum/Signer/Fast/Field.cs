using System.Runtime.CompilerServices;

namespace Vaults.Ethereum.Signer.Fast;

/// <summary>
/// Arithmetic in the secp256k1 base field, mod p = 2^256 − 2^32 − 977, on <see cref="U256"/> limbs.
/// <para>
/// Every operation takes fully reduced inputs (&lt; p) and returns a fully reduced output, so equality is limb
/// equality and bytes out are canonical. Reduction uses 2^256 ≡ C = 0x1000003D1 (mod p): the high half of a product
/// is folded down as hi·C, twice, then one conditional subtraction of p.
/// </para>
/// Not constant-time in the strict sense (the JIT decides how comparisons compile), but there are no
/// data-dependent branches in add/sub/mul/sqr.
/// </summary>
internal static class Field
{
    /// <summary>2^256 mod p.</summary>
    public const ulong C = 0x1000003D1UL;

    public static readonly U256 P = new(0xFFFFFFFEFFFFFC2FUL, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>r = a · b mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Mul(in U256 a, in U256 b, out U256 r)
    {
        U256.MulWide(a, b, out var t0, out var t1, out var t2, out var t3, out var t4, out var t5, out var t6, out var t7);
        Reduce(t0, t1, t2, t3, t4, t5, t6, t7, out r);
    }

    /// <summary>r = a² mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sqr(in U256 a, out U256 r)
    {
        U256.SqrWide(a, out var t0, out var t1, out var t2, out var t3, out var t4, out var t5, out var t6, out var t7);
        Reduce(t0, t1, t2, t3, t4, t5, t6, t7, out r);
    }

    /// <summary>Reduces a 512-bit value (little-endian limbs) mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Reduce(ulong t0, ulong t1, ulong t2, ulong t3, ulong t4, ulong t5, ulong t6, ulong t7, out U256 r)
    {
        // First fold: (t0..t3) + (t4..t7)·C. Each hi·C < 2^97, so the running carry stays below 2^34.
        ulong hi, lo, carry;
        hi = U256.Mul64(t4, C, out lo);
        t0 += lo; carry = hi + (t0 < lo ? 1UL : 0UL);
        hi = U256.Mul64(t5, C, out lo);
        lo += carry; hi += lo < carry ? 1UL : 0UL;
        t1 += lo; carry = hi + (t1 < lo ? 1UL : 0UL);
        hi = U256.Mul64(t6, C, out lo);
        lo += carry; hi += lo < carry ? 1UL : 0UL;
        t2 += lo; carry = hi + (t2 < lo ? 1UL : 0UL);
        hi = U256.Mul64(t7, C, out lo);
        lo += carry; hi += lo < carry ? 1UL : 0UL;
        t3 += lo; carry = hi + (t3 < lo ? 1UL : 0UL);

        // Second fold: carry (< 2^34) · C < 2^67 added back at the bottom.
        hi = U256.Mul64(carry, C, out lo);
        t0 += lo; carry = hi + (t0 < lo ? 1UL : 0UL);
        t1 += carry; carry = t1 < carry ? 1UL : 0UL;
        t2 += carry; carry = t2 < carry ? 1UL : 0UL;
        t3 += carry; carry = t3 < carry ? 1UL : 0UL;

        // A carry out of 2^256 here leaves a tiny value: add C once more (cannot carry again).
        lo = carry * C;
        t0 += lo; carry = t0 < lo ? 1UL : 0UL;
        t1 += carry; carry = t1 < carry ? 1UL : 0UL;
        t2 += carry; carry = t2 < carry ? 1UL : 0UL;
        t3 += carry;

        var t = new U256(t0, t1, t2, t3);
        ReduceOnce(t, 0, out r);
    }

    /// <summary>
    /// r = (t + carry·2^256) mod p for a value below 2p: t + C overflowing 2^256 (or a carry in) means the value was
    /// ≥ p and t + C mod 2^256 is the value minus p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReduceOnce(in U256 t, ulong carryIn, out U256 r)
    {
        ulong c = 0;
        ulong u0 = U256.Adc(t.L0, C, ref c);
        ulong u1 = U256.Adc(t.L1, 0, ref c);
        ulong u2 = U256.Adc(t.L2, 0, ref c);
        ulong u3 = U256.Adc(t.L3, 0, ref c);
        ulong mask = 0UL - (c | carryIn);
        r.L0 = (u0 & mask) | (t.L0 & ~mask);
        r.L1 = (u1 & mask) | (t.L1 & ~mask);
        r.L2 = (u2 & mask) | (t.L2 & ~mask);
        r.L3 = (u3 & mask) | (t.L3 & ~mask);
    }

    /// <summary>r = a + b mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(in U256 a, in U256 b, out U256 r)
    {
        ulong carry = U256.Add(a, b, out var s);
        ReduceOnce(s, carry, out r);
    }

    /// <summary>r = a − b mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sub(in U256 a, in U256 b, out U256 r)
    {
        ulong borrow = U256.Sub(a, b, out var d);
        // On borrow, add p back: d + p ≡ d − C (mod 2^256), and the true result lies in [0, p).
        ulong sub = borrow * C;
        ulong bb = 0;
        r.L0 = U256.Sbb(d.L0, sub, ref bb);
        r.L1 = U256.Sbb(d.L1, 0, ref bb);
        r.L2 = U256.Sbb(d.L2, 0, ref bb);
        r.L3 = U256.Sbb(d.L3, 0, ref bb);
    }

    /// <summary>r = −a mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Negate(in U256 a, out U256 r)
    {
        var zero = default(U256);
        Sub(zero, a, out r);
    }

    /// <summary>r = 2a mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(in U256 a, out U256 r) => Add(a, a, out r);

    /// <summary>Reduces an arbitrary 256-bit value mod p (for inputs from outside, e.g. bytes).</summary>
    public static void Normalize(in U256 a, out U256 r) => ReduceOnce(a, 0, out r);

    /// <summary>r = a^(p−2) = a^−1 mod p (Fermat; a = 0 gives 0). The addition chain of libsecp256k1: 255 squarings, 15 multiplications.</summary>
    public static void Invert(in U256 a, out U256 r)
    {
        U256 x2, x3, x6, x9, x11, x22, x44, x88, x176, x220, x223, t;
        Sqr(a, out x2); Mul(x2, a, out x2);
        Sqr(x2, out x3); Mul(x3, a, out x3);
        SqrN(x3, 3, out x6); Mul(x6, x3, out x6);
        SqrN(x6, 3, out x9); Mul(x9, x3, out x9);
        SqrN(x9, 2, out x11); Mul(x11, x2, out x11);
        SqrN(x11, 11, out x22); Mul(x22, x11, out x22);
        SqrN(x22, 22, out x44); Mul(x44, x22, out x44);
        SqrN(x44, 44, out x88); Mul(x88, x44, out x88);
        SqrN(x88, 88, out x176); Mul(x176, x88, out x176);
        SqrN(x176, 44, out x220); Mul(x220, x44, out x220);
        SqrN(x220, 3, out x223); Mul(x223, x3, out x223);
        // p − 2 = [223 ones] 0 [22 ones] 0000 1 0 11 0 1
        SqrN(x223, 23, out t); Mul(t, x22, out t);
        SqrN(t, 5, out t); Mul(t, a, out t);
        SqrN(t, 3, out t); Mul(t, x2, out t);
        SqrN(t, 2, out t); Mul(t, a, out r);
    }

    /// <summary>r = a⁻¹ mod p by blinded binary extended GCD (a few µs, vs ≈ 270 multiplications for Fermat). a ≠ 0.</summary>
    public static void InvertFast(in U256 a, out U256 r) => BinaryInverse.InvertBlinded(a, P, Mul, out r);

    private static void SqrN(in U256 a, int n, out U256 r)
    {
        Sqr(a, out r);
        for (int i = 1; i < n; i++) Sqr(r, out r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal(in U256 a, in U256 b) =>
        ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3)) == 0;
}
