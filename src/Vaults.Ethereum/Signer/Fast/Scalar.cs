using System.Runtime.CompilerServices;

namespace Vaults.Ethereum.Signer.Fast;

/// <summary>
/// Arithmetic mod n, the secp256k1 group order, on <see cref="U256"/> limbs (inputs and outputs fully reduced).
/// Products are reduced by folding with 2^256 ≡ N_C = 2^256 − n (a 129-bit constant), as libsecp256k1 does:
/// 512 → 385 → 258 → 256 bits, then one conditional subtraction of n.
/// </summary>
internal static class Scalar
{
    public static readonly U256 N = new(0xBFD25E8CD0364141UL, 0xBAAEDCE6AF48A03BUL, 0xFFFFFFFFFFFFFFFEUL, 0xFFFFFFFFFFFFFFFFUL);

    /// <summary>n / 2 (rounded down): s above this is "high" and gets negated (EIP-2).</summary>
    public static readonly U256 HalfN = new(0xDFE92F46681B20A0UL, 0x5D576E7357A4501DUL, 0xFFFFFFFFFFFFFFFFUL, 0x7FFFFFFFFFFFFFFFUL);

    private const ulong NC0 = 0x402DA1732FC9BEBFUL;
    private const ulong NC1 = 0x4551231950B75FC4UL;
    // NC2 = 1

    /// <summary>True when 0 &lt; a &lt; n.</summary>
    public static bool IsValidNonZero(in U256 a) => !a.IsZero && U256.LessThan(a, N);

    /// <summary>a mod n for any 256-bit a (a &lt; 2n always holds, so one subtraction suffices).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReduceOnce(in U256 a, out U256 r)
    {
        ulong borrow = U256.Sub(a, N, out var d);
        ulong mask = borrow - 1; // borrow = 0 → a ≥ n → take d
        U256.Select(mask, d, a, out r);
        return mask & 1;
    }

    /// <summary>r = a + b mod n.</summary>
    public static void Add(in U256 a, in U256 b, out U256 r)
    {
        ulong carry = U256.Add(a, b, out var s);
        ulong borrow = U256.Sub(s, N, out var d);
        // The sum is ≥ n when it overflowed 2^256 or when subtracting n did not borrow.
        ulong mask = 0UL - (carry | (borrow ^ 1));
        U256.Select(mask, d, s, out r);
    }

    /// <summary>r = −a mod n.</summary>
    public static void Negate(in U256 a, out U256 r)
    {
        U256.Sub(N, a, out var d);
        ulong mask = a.IsZero ? 0UL : ulong.MaxValue;
        U256.Select(mask, d, default, out r);
    }

    /// <summary>a &gt; n/2.</summary>
    public static bool IsHigh(in U256 a) => U256.LessThan(HalfN, a);

    /// <summary>r = a · b mod n.</summary>
    public static void Mul(in U256 a, in U256 b, out U256 r)
    {
        U256.MulWide(a, b, out var l0, out var l1, out var l2, out var l3, out var l4, out var l5, out var l6, out var l7);
        Reduce512(l0, l1, l2, l3, l4, l5, l6, l7, out r);
    }

    /// <summary>r = a² mod n.</summary>
    public static void Sqr(in U256 a, out U256 r)
    {
        U256.SqrWide(a, out var l0, out var l1, out var l2, out var l3, out var l4, out var l5, out var l6, out var l7);
        Reduce512(l0, l1, l2, l3, l4, l5, l6, l7, out r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SumAdd(ulong a, ref ulong c0, ref ulong c1, ref ulong c2)
    {
        c0 += a;
        ulong over = c0 < a ? 1UL : 0UL;
        c1 += over;
        c2 += c1 < over ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Extract(ref ulong c0, ref ulong c1, ref ulong c2)
    {
        ulong r = c0;
        c0 = c1; c1 = c2; c2 = 0;
        return r;
    }

    private static void Reduce512(ulong l0, ulong l1, ulong l2, ulong l3, ulong n0, ulong n1, ulong n2, ulong n3, out U256 r)
    {
        ulong c0, c1, c2;

        // m[0..6] = l[0..3] + n[0..3] · N_C   (512 → 385 bits)
        c0 = l0; c1 = 0; c2 = 0;
        U256.MulAdd(n0, NC0, ref c0, ref c1, ref c2);
        ulong m0 = Extract(ref c0, ref c1, ref c2);
        SumAdd(l1, ref c0, ref c1, ref c2);
        U256.MulAdd(n1, NC0, ref c0, ref c1, ref c2);
        U256.MulAdd(n0, NC1, ref c0, ref c1, ref c2);
        ulong m1 = Extract(ref c0, ref c1, ref c2);
        SumAdd(l2, ref c0, ref c1, ref c2);
        U256.MulAdd(n2, NC0, ref c0, ref c1, ref c2);
        U256.MulAdd(n1, NC1, ref c0, ref c1, ref c2);
        SumAdd(n0, ref c0, ref c1, ref c2);
        ulong m2 = Extract(ref c0, ref c1, ref c2);
        SumAdd(l3, ref c0, ref c1, ref c2);
        U256.MulAdd(n3, NC0, ref c0, ref c1, ref c2);
        U256.MulAdd(n2, NC1, ref c0, ref c1, ref c2);
        SumAdd(n1, ref c0, ref c1, ref c2);
        ulong m3 = Extract(ref c0, ref c1, ref c2);
        U256.MulAdd(n3, NC1, ref c0, ref c1, ref c2);
        SumAdd(n2, ref c0, ref c1, ref c2);
        ulong m4 = Extract(ref c0, ref c1, ref c2);
        SumAdd(n3, ref c0, ref c1, ref c2);
        ulong m5 = Extract(ref c0, ref c1, ref c2);
        ulong m6 = c0; // ≤ 1 bit

        // p[0..4] = m[0..3] + m[4..6] · N_C   (385 → 258 bits)
        c0 = m0; c1 = 0; c2 = 0;
        U256.MulAdd(m4, NC0, ref c0, ref c1, ref c2);
        ulong p0 = Extract(ref c0, ref c1, ref c2);
        SumAdd(m1, ref c0, ref c1, ref c2);
        U256.MulAdd(m5, NC0, ref c0, ref c1, ref c2);
        U256.MulAdd(m4, NC1, ref c0, ref c1, ref c2);
        ulong p1 = Extract(ref c0, ref c1, ref c2);
        SumAdd(m2, ref c0, ref c1, ref c2);
        U256.MulAdd(m6, NC0, ref c0, ref c1, ref c2);
        U256.MulAdd(m5, NC1, ref c0, ref c1, ref c2);
        SumAdd(m4, ref c0, ref c1, ref c2);
        ulong p2 = Extract(ref c0, ref c1, ref c2);
        SumAdd(m3, ref c0, ref c1, ref c2);
        U256.MulAdd(m6, NC1, ref c0, ref c1, ref c2);
        SumAdd(m5, ref c0, ref c1, ref c2);
        ulong p3 = Extract(ref c0, ref c1, ref c2);
        ulong p4 = c0 + m6; // a few bits

        // r = p[0..3] + p4 · N_C   (258 → 256 bits plus a carry)
        c0 = p0; c1 = 0; c2 = 0;
        U256.MulAdd(p4, NC0, ref c0, ref c1, ref c2);
        ulong r0 = Extract(ref c0, ref c1, ref c2);
        SumAdd(p1, ref c0, ref c1, ref c2);
        U256.MulAdd(p4, NC1, ref c0, ref c1, ref c2);
        ulong r1 = Extract(ref c0, ref c1, ref c2);
        SumAdd(p2, ref c0, ref c1, ref c2);
        SumAdd(p4, ref c0, ref c1, ref c2);
        ulong r2 = Extract(ref c0, ref c1, ref c2);
        SumAdd(p3, ref c0, ref c1, ref c2);
        ulong r3 = Extract(ref c0, ref c1, ref c2);
        ulong carry = c0;

        // Final: value = carry·2^256 + r < 2n; subtract n once if it is ≥ n.
        var t = new U256(r0, r1, r2, r3);
        ulong borrow = U256.Sub(t, N, out var d);
        ulong mask = 0UL - (carry | (borrow ^ 1));
        U256.Select(mask, d, t, out r);
    }

    /// <summary>r = a⁻¹ mod n by blinded binary extended GCD (a few µs, vs ≈ 320 multiplications for Fermat). a ≠ 0.</summary>
    public static void InvertFast(in U256 a, out U256 r) => BinaryInverse.InvertBlinded(a, N, Mul, out r);

    /// <summary>
    /// r = a^(n−2) = a^−1 mod n (Fermat; the exponent is public, so a fixed 4-bit window with branches on its digits
    /// leaks nothing about a). About 252 squarings and 70 multiplications.
    /// </summary>
    public static void Invert(in U256 a, out U256 r)
    {
        Span<U256> table = stackalloc U256[16];
        table[1] = a;
        Sqr(a, out table[2]);
        for (int i = 3; i < 16; i++) Mul(table[i - 1], a, out table[i]);

        // n − 2, most significant limb first.
        ReadOnlySpan<ulong> e = [0xFFFFFFFFFFFFFFFFUL, 0xFFFFFFFFFFFFFFFEUL, 0xBAAEDCE6AF48A03BUL, 0xBFD25E8CD036413FUL];
        U256 acc = table[(int)(e[0] >> 60)];
        for (int limb = 0; limb < 4; limb++)
        {
            ulong w = e[limb];
            for (int shift = limb == 0 ? 56 : 60; shift >= 0; shift -= 4)
            {
                Sqr(acc, out acc); Sqr(acc, out acc); Sqr(acc, out acc); Sqr(acc, out acc);
                int digit = (int)((w >> shift) & 0xF);
                if (digit != 0) Mul(acc, table[digit], out acc);
            }
        }
        r = acc;
    }
}
