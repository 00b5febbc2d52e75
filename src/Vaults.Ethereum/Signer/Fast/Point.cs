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
/// Fixed-base scalar multiplication k·G for secp256k1 with a precomputed comb: 32 windows of 8 bits, window i holding
/// the affine points j·256^i·G for j = 1..255 (8160 points, 510 KB, built once per process on first use by the static
/// initialiser — immutable and thread-safe afterwards; building it takes a few milliseconds thanks to one batched
/// inversion per window). k·G is then the sum of one table point per non-zero byte of k: at most 32 mixed additions
/// and no doublings, followed by one inversion to get affine coordinates.
/// <para>
/// Side channels: this is deliberately not constant-time. The table entry is read at a secret-dependent index
/// (cache-timing), zero bytes of k are skipped, and the first addition into the empty accumulator is a branch. The
/// keeper signs with its own key on a machine it owns, where a co-resident timing attacker is outside the threat
/// model; the final inversion is blinded anyway. Do not reuse this for a multi-tenant signing service without a
/// constant-time lookup (scan the window with masks, as a 4-bit comb can afford) and branch-free additions.
/// </para>
/// </summary>
internal static class BaseMultiplier
{
    private const int Windows = 32;
    private const int Entries = 256; // index 0 unused (digit 0 adds nothing)

    public static readonly AffinePoint G = new(
        new U256(0x59F2815B16F81798UL, 0x029BFCDB2DCE28D9UL, 0x55A06295CE870B07UL, 0x79BE667EF9DCBBACUL),
        new U256(0x9C47D08FFB10D4B8UL, 0xFD17B448A6855419UL, 0x5DA4FBFC0E1108A8UL, 0x483ADA7726A3C465UL));

    private static readonly AffinePoint[] Table = BuildTable();

    private static AffinePoint[] BuildTable()
    {
        var table = new AffinePoint[Windows * Entries];
        var jacobian = new JacobianPoint[Entries];
        var prefix = new U256[Entries];
        var windowBase = G;
        for (int w = 0; w < Windows; w++)
        {
            // j·base for j = 1..255 in Jacobian coordinates (j = 2 takes the doubling branch of the mixed addition).
            jacobian[1] = JacobianPoint.FromAffine(windowBase);
            for (int j = 2; j < Entries; j++) JacobianPoint.AddAffine(jacobian[j - 1], windowBase, out jacobian[j]);

            // Batch normalisation (Montgomery's trick): one inversion for the whole window.
            prefix[1] = jacobian[1].Z;
            for (int j = 2; j < Entries; j++) Field.Mul(prefix[j - 1], jacobian[j].Z, out prefix[j]);
            Field.Invert(prefix[Entries - 1], out var inv); // inv = (Z1·…·Z255)⁻¹
            for (int j = Entries - 1; j >= 1; j--)
            {
                U256 zInv;
                if (j > 1)
                {
                    Field.Mul(inv, prefix[j - 1], out zInv);          // Zj⁻¹
                    Field.Mul(inv, jacobian[j].Z, out inv);           // (Z1·…·Zj−1)⁻¹
                }
                else
                {
                    zInv = inv;
                }
                Field.Sqr(zInv, out var zInv2);
                Field.Mul(zInv2, zInv, out var zInv3);
                Field.Mul(jacobian[j].X, zInv2, out var x);
                Field.Mul(jacobian[j].Y, zInv3, out var y);
                table[w * Entries + j] = new AffinePoint(x, y);
            }

            JacobianPoint.AddAffine(jacobian[Entries - 1], windowBase, out var next); // 256·base: the next window's base
            windowBase = next.ToAffine();
        }
        return table;
    }

    /// <summary>k·G in affine coordinates. <paramref name="k"/> must be in [1, n−1].</summary>
    public static AffinePoint Multiply(in U256 k)
    {
        var table = Table;
        var acc = JacobianPoint.Infinity;
        for (int w = 0; w < Windows; w++)
        {
            ulong limb = (w >> 3) switch { 0 => k.L0, 1 => k.L1, 2 => k.L2, _ => k.L3 };
            int digit = (int)((limb >> ((w & 7) * 8)) & 0xFF);
            if (digit != 0) JacobianPoint.AddAffine(acc, table[w * Entries + digit], out acc);
        }
        return acc.ToAffine();
    }
}
