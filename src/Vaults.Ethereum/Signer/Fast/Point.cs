using System.Runtime.CompilerServices;

namespace Vaults.Ethereum.Signer.Fast;

/// <summary>An affine secp256k1 point (never the point at infinity).</summary>
internal struct AffinePoint
{
    public U256 X, Y;

    public AffinePoint(in U256 x, in U256 y)
    {
        X = x; Y = y;
    }
}

/// <summary>
/// A secp256k1 point in Jacobian coordinates (x = X/Z², y = Y/Z³), with an explicit infinity flag.
/// The curve is y² = x³ + 7 (a = 0), which the doubling formula below relies on.
/// </summary>
internal struct JacobianPoint
{
    public U256 X, Y, Z;
    public bool IsInfinity;

    public static JacobianPoint Infinity => new() { IsInfinity = true };

    public static JacobianPoint FromAffine(in AffinePoint p) => new() { X = p.X, Y = p.Y, Z = new U256(1, 0, 0, 0) };

    /// <summary>r = 2p (dbl-2009-l style, a = 0): 3M + 4S plus additions.</summary>
    public static void Double(in JacobianPoint p, out JacobianPoint r)
    {
        if (p.IsInfinity || p.Y.IsZero)
        {
            r = Infinity;
            return;
        }
        Field.Sqr(p.Y, out var yy);          // Y²
        Field.Mul(p.X, yy, out var s);       // X·Y²
        Field.Double(s, out s);
        Field.Double(s, out s);              // S = 4·X·Y²
        Field.Sqr(p.X, out var m);
        Field.Add(m, m, out var m2);
        Field.Add(m2, m, out m);             // M = 3·X²
        Field.Sqr(yy, out var yyyy);         // Y⁴
        Field.Double(yyyy, out yyyy);
        Field.Double(yyyy, out yyyy);
        Field.Double(yyyy, out yyyy);        // 8·Y⁴
        Field.Mul(p.Y, p.Z, out var z3);
        Field.Double(z3, out z3);            // Z3 = 2·Y·Z
        Field.Sqr(m, out var x3);
        Field.Sub(x3, s, out x3);
        Field.Sub(x3, s, out x3);            // X3 = M² − 2S
        Field.Sub(s, x3, out var t);
        Field.Mul(m, t, out var y3);
        Field.Sub(y3, yyyy, out y3);         // Y3 = M·(S − X3) − 8·Y⁴
        r.X = x3; r.Y = y3; r.Z = z3; r.IsInfinity = false;
    }

    /// <summary>
    /// r = p + q with q affine (mixed addition, 8M + 3S). Falls back to doubling when p = q and returns infinity
    /// when p = −q: the comb never hits those for a valid scalar, but the function stays correct for any input.
    /// </summary>
    public static void AddAffine(in JacobianPoint p, in AffinePoint q, out JacobianPoint r)
    {
        if (p.IsInfinity)
        {
            r = FromAffine(q);
            return;
        }
        Field.Sqr(p.Z, out var z1z1);
        Field.Mul(q.X, z1z1, out var u2);
        Field.Mul(p.Z, z1z1, out var z1cubed);
        Field.Mul(q.Y, z1cubed, out var s2);
        Field.Sub(u2, p.X, out var h);
        Field.Sub(s2, p.Y, out var rr);
        if (h.IsZero)
        {
            if (rr.IsZero) Double(p, out r);
            else r = Infinity;
            return;
        }
        Field.Sqr(h, out var hh);
        Field.Mul(h, hh, out var hhh);
        Field.Mul(p.X, hh, out var v);
        Field.Sqr(rr, out var x3);
        Field.Sub(x3, hhh, out x3);
        Field.Sub(x3, v, out x3);
        Field.Sub(x3, v, out x3);            // X3 = R² − H³ − 2V
        Field.Sub(v, x3, out var t);
        Field.Mul(rr, t, out var y3);
        Field.Mul(p.Y, hhh, out var t2);
        Field.Sub(y3, t2, out y3);           // Y3 = R·(V − X3) − Y1·H³
        Field.Mul(p.Z, h, out var z3);       // Z3 = Z1·H
        r.X = x3; r.Y = y3; r.Z = z3; r.IsInfinity = false;
    }

    /// <summary>Converts to affine with one field inversion. Throws for infinity (callers never pass it).</summary>
    public readonly AffinePoint ToAffine()
    {
        if (IsInfinity) throw new InvalidOperationException("The point at infinity has no affine coordinates.");
        Field.InvertFast(Z, out var zi);
        Field.Sqr(zi, out var zi2);
        Field.Mul(zi2, zi, out var zi3);
        Field.Mul(X, zi2, out var x);
        Field.Mul(Y, zi3, out var y);
        return new AffinePoint(x, y);
    }
}

/// <summary>
/// Fixed-base scalar multiplication k·G for secp256k1 with a precomputed comb: 64 windows of 4 bits, window i holding
/// the affine points j·16^i·G for j = 1..15 (960 points, 60 KB, built once per process on first use; immutable and
/// thread-safe afterwards). k·G is then the sum of one table point per non-zero digit of k: at most 64 mixed
/// additions and no doublings, followed by one inversion to get affine coordinates.
/// <para>
/// Side channels: the table entry is fetched by scanning all 15 entries of the window with masks (no secret-indexed
/// memory access); the only secret-dependent branches are "digit is zero" (skip) and the first addition into the
/// empty accumulator, plus the addition special cases that never occur for a valid scalar. That is deliberately not
/// fully constant-time: the keeper signs with its own key on a machine it owns, where a co-resident timing attacker
/// is outside the threat model. Do not reuse this for a multi-tenant signing service without making those branches
/// constant-time.
/// </para>
/// </summary>
internal static class BaseMultiplier
{
    private const int Windows = 64;
    private const int Entries = 16; // index 0 unused (digit 0 adds nothing)

    public static readonly AffinePoint G = new(
        new U256(0x59F2815B16F81798UL, 0x029BFCDB2DCE28D9UL, 0x55A06295CE870B07UL, 0x79BE667EF9DCBBACUL),
        new U256(0x9C47D08FFB10D4B8UL, 0xFD17B448A6855419UL, 0x5DA4FBFC0E1108A8UL, 0x483ADA7726A3C465UL));

    private static readonly AffinePoint[] Table = BuildTable();

    private static AffinePoint[] BuildTable()
    {
        var table = new AffinePoint[Windows * Entries];
        var windowBase = G;
        for (int w = 0; w < Windows; w++)
        {
            table[w * Entries + 1] = windowBase;
            var acc = JacobianPoint.FromAffine(windowBase);
            for (int j = 2; j < Entries; j++)
            {
                JacobianPoint.AddAffine(acc, windowBase, out acc); // j = 2 takes the doubling branch
                table[w * Entries + j] = acc.ToAffine();
            }
            JacobianPoint.AddAffine(acc, windowBase, out acc);     // 16·base: the next window's base
            windowBase = acc.ToAffine();
        }
        return table;
    }

    /// <summary>k·G in affine coordinates. <paramref name="k"/> must be in [1, n−1].</summary>
    public static AffinePoint Multiply(in U256 k)
    {
        var table = Table;
        var acc = JacobianPoint.Infinity;
        AffinePoint entry;
        for (int w = 0; w < Windows; w++)
        {
            ulong limb = w switch { < 16 => k.L0, < 32 => k.L1, < 48 => k.L2, _ => k.L3 };
            int digit = (int)((limb >> ((w & 15) * 4)) & 0xF);
            Lookup(table, w * Entries, digit, out entry);
            if (digit != 0) JacobianPoint.AddAffine(acc, entry, out acc);
        }
        return acc.ToAffine();
    }

    /// <summary>entry = table[offset + digit], reading all 15 candidates and keeping the match with masks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lookup(AffinePoint[] table, int offset, int digit, out AffinePoint entry)
    {
        ulong x0 = 0, x1 = 0, x2 = 0, x3 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0;
        ref AffinePoint first = ref table[offset];
        for (int j = 1; j < Entries; j++)
        {
            // mask = all ones when j == digit, else zero, without a branch.
            ulong mask = 0UL - (ulong)(((uint)(j ^ digit) - 1) >> 31);
            ref readonly AffinePoint p = ref Unsafe.Add(ref first, j);
            x0 |= p.X.L0 & mask; x1 |= p.X.L1 & mask; x2 |= p.X.L2 & mask; x3 |= p.X.L3 & mask;
            y0 |= p.Y.L0 & mask; y1 |= p.Y.L1 & mask; y2 |= p.Y.L2 & mask; y3 |= p.Y.L3 & mask;
        }
        entry = new AffinePoint(new U256(x0, x1, x2, x3), new U256(y0, y1, y2, y3));
    }
}
