using System.Numerics;
using Vaults.Contracts.MarketConfig.ContractDefinition;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>A position as the reference model sees it (same fields and units as the on-chain struct).</summary>
public sealed record ModelPosition(bool IsLong, BigInteger Size, BigInteger Entry, BigInteger Collateral, BigInteger Reserve, uint Seq);

/// <summary>What a liquidation does, as the model computes it (the fields of <c>LiquidationPreview</c>).</summary>
public sealed record ModelPreview
{
    public bool Liquidatable { get; init; }
    public bool Full { get; init; }
    public BigInteger FractionClosed { get; init; }
    public BigInteger ClosedSize { get; init; }
    public BigInteger KeeperFee { get; init; }
    public BigInteger Penalty { get; init; }
    public BigInteger CloseFee { get; init; }
    public BigInteger RealizedPnl { get; init; }
    public BigInteger OwnerRemainder { get; init; }
    public BigInteger BadDebt { get; init; }
    public BigInteger Price { get; init; }
    public BigInteger RemainingSize { get; init; }
    public BigInteger RemainingCollateral { get; init; }

    /// <summary>
    /// Net transfer vault → pool (negative: the pool pays). It includes the penalty: the penalty reaches the pool
    /// with the pool's own share and is credited to the insurance fund's claim instead of being sent to the fund.
    /// </summary>
    public BigInteger PoolNet => CloseFee + Penalty - RealizedPnl - BadDebt;

    /// <summary>What the pool receives net of the penalty (which is the insurance fund's): the receipt settled against the mark.</summary>
    public BigInteger PoolReceipt => PoolNet - Penalty;
}

/// <summary>
/// Reference model of DESIGN section 3 in exact BigInteger arithmetic, with the rounding documented in
/// MarginMath and VaultFactory NatSpec: notional s·P/1e18 (up for requirements and fees paid by the trader,
/// down for fees paid to the keeper), PnL gains down and losses up (wad, then token units with scale
/// 10^(18−6)), fees in bps rounded up, profit capped at the reserve: collateral × profitCap and never more than the
/// entry notional in token units (both rounded down).
/// </summary>
public sealed class MarginModel(MarketParams mp, BigInteger scale)
{
    public static readonly BigInteger WadOne = BigInteger.Pow(10, 18);
    public static readonly BigInteger Bps = 10_000;

    public MarketParams Params { get; } = mp;
    public BigInteger Scale { get; } = scale;

    public static BigInteger MulDiv(BigInteger a, BigInteger b, BigInteger d, bool up = false)
    {
        var q = BigInteger.DivRem(a * b, d, out var r);
        return up && r > 0 ? q + 1 : q;
    }

    public static BigInteger CeilDiv(BigInteger a, BigInteger d) => MulDiv(a, 1, d, up: true);

    public static BigInteger NotionalUp(BigInteger s, BigInteger p) => MulDiv(s, p, WadOne, up: true);
    public static BigInteger NotionalDown(BigInteger s, BigInteger p) => MulDiv(s, p, WadOne);

    /// <summary>Long s·(P−E0), short s·(E0−P), wad; gains down, losses up.</summary>
    public static BigInteger PnlWad(BigInteger s, BigInteger e, BigInteger p, bool isLong)
    {
        var gain = isLong ? p >= e : e >= p;
        var diff = BigInteger.Abs(p - e);
        return gain ? MulDiv(s, diff, WadOne) : -MulDiv(s, diff, WadOne, up: true);
    }

    public BigInteger PnlToToken(BigInteger w) => w >= 0 ? w / Scale : -CeilDiv(-w, Scale);
    public BigInteger FeeUp(BigInteger notionalWad, BigInteger bps) => MulDiv(notionalWad, bps, Bps * Scale, up: true);
    public BigInteger FeeDown(BigInteger notionalWad, BigInteger bps) => MulDiv(notionalWad, bps, Bps * Scale);

    public BigInteger OpenFee(BigInteger s, BigInteger p) => FeeUp(NotionalUp(s, p), Params.OpenFeeBps);
    public BigInteger CloseFee(BigInteger s, BigInteger p) => FeeUp(NotionalUp(s, p), Params.CloseFeeBps);
    /// <summary>The collateral bound of a reserve alone (margin removal only ever lowers a reserve to it).</summary>
    public BigInteger ReserveFor(BigInteger collateral) => MulDiv(collateral, Params.ProfitCapBps, Bps);

    /// <summary>A position's reserve: collateral × profitCap, never more than size × entry in token units.</summary>
    public BigInteger ReserveFor(BigInteger size, BigInteger entry, BigInteger collateral) =>
        BigInteger.Min(ReserveFor(collateral), size * entry / WadOne / Scale);

    /// <summary>The reserve left after a partial liquidation: the rest of the old one, re-sized to the smaller position.</summary>
    public BigInteger ReserveAfterPartial(ModelPosition pos, ModelPreview partial) =>
        BigInteger.Min(pos.Reserve - MulDiv(pos.Reserve, partial.ClosedSize, pos.Size),
            ReserveFor(partial.RemainingSize, pos.Entry, partial.RemainingCollateral));

    public static BigInteger AverageEntry(BigInteger s, BigInteger e, BigInteger ds, BigInteger p, bool isLong) =>
        MulDiv(1, s * e + ds * p, s + ds, up: isLong);

    /// <summary>Maintenance bps of the tier of the entry notional (whole quote units).</summary>
    public int MaintenanceBps(BigInteger entryNotionalWad)
    {
        var whole = entryNotionalWad / WadOne;
        int k = 0;
        while (k < 3 && whole >= Params.TierThresholds[k]) k++;
        return Params.MaintenanceMarginBps[k];
    }

    public int MaintenanceBps(ModelPosition pos) => MaintenanceBps(NotionalDown(pos.Size, pos.Entry));

    public BigInteger KeeperFee(BigInteger closedNotionalWad)
    {
        var fee = FeeDown(closedNotionalWad, Params.LiquidationFeeBps);
        if (fee < Params.KeeperFeeFloor) return Params.KeeperFeeFloor;
        if (fee > Params.KeeperFeeCap) return Params.KeeperFeeCap;
        return fee;
    }

    public BigInteger RealizedPnl(BigInteger s, BigInteger e, BigInteger p, bool isLong, BigInteger cap)
    {
        var pnl = PnlToToken(PnlWad(s, e, p, isLong));
        return pnl > cap ? cap : pnl;
    }

    /// <summary>Liquidatable iff Q &lt; m·N with Q = C + PnL − closeFee·N, exact.</summary>
    public bool IsLiquidatable(ModelPosition pos, BigInteger p) =>
        IsLiquidatable(pos.Collateral * Scale, pos.Size, pos.Entry, p, pos.IsLong, MaintenanceBps(pos), Params.CloseFeeBps);

    public static bool IsLiquidatable(BigInteger cWad, BigInteger s, BigInteger e, BigInteger p, bool isLong, BigInteger m, BigInteger fee)
    {
        if (s == 0) return false;
        // Q·1e22 vs (m+fee)·N·1e4 with no rounding: C·1e22 + 1e4·PnL·1e18 < (m+fee)·s·p.
        var q = cWad * WadOne * Bps + Bps * (isLong ? s * (p - e) : s * (e - p));
        return q < (m + fee) * s * p;
    }

    /// <summary>Long: the highest 18-decimal price at which the vault is liquidatable; short: the lowest.</summary>
    public BigInteger LiquidationPrice(ModelPosition pos)
    {
        BigInteger m = MaintenanceBps(pos), fee = Params.CloseFeeBps, s = pos.Size, e = pos.Entry;
        var c = pos.Collateral * Scale * WadOne * Bps;
        if (pos.IsLong)
        {
            var a = Bps * s * e;
            if (a <= c) return 0;
            return (a - c - 1) / (s * (Bps - m - fee));
        }
        return (c + Bps * s * e) / (s * (Bps + m + fee)) + 1;
    }

    // --- The pool's mark to market ---

    /// <summary>
    /// One market side's claim on the pool at <paramref name="price"/>, token units (negative: the side owes the pool):
    /// min(PnL, reserves) − close fee owed, at least −collateral; PnL rounded up, fee down (the pool's liability up).
    /// The sums are in wad, as <c>VaultFactory.sideTotals</c> returns them.
    /// </summary>
    public BigInteger MarkedSide(BigInteger size, BigInteger entryNotionalWad, BigInteger collateralWad, BigInteger reserveWad, BigInteger price, bool isLong)
    {
        var claim = SideClaimWad(size, entryNotionalWad, collateralWad, reserveWad, price, isLong);
        return claim >= 0 ? CeilDiv(claim, Scale) : -(-claim / Scale);
    }

    /// <summary>
    /// A side's claim on the pool in wad (<c>SideMark.claimWad</c>): min(PnL, reserves) − close fee owed, at least
    /// −collateral; the PnL rounded up, the fee down.
    /// </summary>
    public BigInteger SideClaimWad(BigInteger size, BigInteger entryNotionalWad, BigInteger collateralWad, BigInteger reserveWad, BigInteger price, bool isLong)
    {
        if (size == 0) return 0;
        var notional = size * price;
        var pnl = isLong ? CeilDiv(notional, WadOne) - entryNotionalWad : entryNotionalWad - notional / WadOne;
        pnl = BigInteger.Min(pnl, reserveWad);
        return BigInteger.Max(pnl - notional * Params.CloseFeeBps / (WadOne * Bps), -collateralWad);
    }

    /// <summary>
    /// A close, decrease or full liquidation settled against the pool's mark (<c>VaultFactory._settleAgainstMark</c>):
    /// the LPs' gain is what the pool received (<paramref name="poolReceipt"/>, token units, the penalty left out) plus
    /// the fall of the side's claim from <paramref name="sideBefore"/> to <paramref name="sideAfter"/> (the side's open
    /// positions). A gain is credited to the insurance fund's claim (rounded up); a loss of a milli-unit or more is
    /// owed by the fund (rounded down), smaller ones stay with the pool.
    /// </summary>
    public (BigInteger Credit, BigInteger Owed) MarkSettlement(IEnumerable<ModelPosition> sideBefore, IEnumerable<ModelPosition> sideAfter,
        BigInteger price, bool isLong, BigInteger poolReceipt)
    {
        var before = SideOf(sideBefore.Where(p => p.IsLong == isLong));
        var after = SideOf(sideAfter.Where(p => p.IsLong == isLong));
        return MarkSettlement(before, after, price, isLong, poolReceipt);
    }

    /// <summary><see cref="MarkSettlement(IEnumerable{ModelPosition}, IEnumerable{ModelPosition}, BigInteger, bool, BigInteger)"/> from the side's aggregates (wad) before and after.</summary>
    public (BigInteger Credit, BigInteger Owed) MarkSettlement(
        (BigInteger Size, BigInteger EntryNotional, BigInteger Collateral, BigInteger Reserve) before,
        (BigInteger Size, BigInteger EntryNotional, BigInteger Collateral, BigInteger Reserve) after,
        BigInteger price, bool isLong, BigInteger poolReceipt)
    {
        var gain = poolReceipt * Scale
            + SideClaimWad(before.Size, before.EntryNotional, before.Collateral, before.Reserve, price, isLong)
            - SideClaimWad(after.Size, after.EntryNotional, after.Collateral, after.Reserve, price, isLong);
        if (gain >= 0) return (CeilDiv(gain, Scale), 0);
        return -gain >= SideUnit ? (0, -gain / Scale) : (0, 0);
    }

    /// <summary>
    /// The insurance fund's claim after a settlement that credits <paramref name="credit"/> (the penalty plus the
    /// mark's gain) and owes <paramref name="owed"/>: the claim pays first, then the fund's tokens, the pool the rest.
    /// </summary>
    public static (BigInteger ClaimAfter, BigInteger FromClaim, BigInteger FromFund, BigInteger ByPool) Cover(BigInteger claim, BigInteger credit, BigInteger owed, BigInteger fundTokens)
    {
        var held = claim + credit;
        var fromClaim = BigInteger.Min(held, owed);
        var fromFund = BigInteger.Min(owed - fromClaim, fundTokens);
        return (held - fromClaim, fromClaim, fromFund, owed - fromClaim - fromFund);
    }

    /// <summary>The unit of a side's sums on chain: a milli-unit of quote value, in wad.</summary>
    public static readonly BigInteger SideUnit = BigInteger.Pow(10, 15);

    /// <summary>
    /// A side's aggregates (wad) from its open positions, term by term as <c>PackedMarkets._sideTerms</c> keeps them: entry
    /// notional down for longs and up for shorts, collateral down, reserve up, each to a milli-unit.
    /// </summary>
    public (BigInteger Size, BigInteger EntryNotional, BigInteger Collateral, BigInteger Reserve) SideOf(IEnumerable<ModelPosition> open)
    {
        BigInteger size = 0, en = 0, c = 0, r = 0, unit = SideUnit * WadOne;
        foreach (var p in open)
        {
            size += p.Size;
            en += p.IsLong ? p.Size * p.Entry / unit : CeilDiv(p.Size * p.Entry, unit);
            c += p.Collateral * Scale / SideUnit;
            r += CeilDiv(p.Reserve * Scale, SideUnit);
        }
        return (size, en * SideUnit, c * SideUnit, r * SideUnit);
    }

    // --- Flows ---

    public (ModelPosition Pos, BigInteger Fee) Open(bool isLong, BigInteger collateral, BigInteger size, BigInteger price) =>
        (new ModelPosition(isLong, size, price, collateral, ReserveFor(size, price, collateral), 1), OpenFee(size, price));

    public ModelPosition AddMargin(ModelPosition pos, BigInteger amount) =>
        pos with { Collateral = pos.Collateral + amount, Seq = pos.Seq + 1 };

    public ModelPosition RemoveMargin(ModelPosition pos, BigInteger amount)
    {
        var newC = pos.Collateral - amount;
        return pos with { Collateral = newC, Reserve = BigInteger.Min(pos.Reserve, ReserveFor(newC)), Seq = pos.Seq + 1 };
    }

    public (ModelPosition Pos, BigInteger Fee) Increase(ModelPosition pos, BigInteger ds, BigInteger margin, BigInteger price)
    {
        var newC = pos.Collateral + margin;
        var newE = AverageEntry(pos.Size, pos.Entry, ds, price, pos.IsLong);
        var next = pos with
        {
            Size = pos.Size + ds,
            Entry = newE,
            Collateral = newC,
            Reserve = ReserveFor(pos.Size + ds, newE, newC),
            Seq = pos.Seq + 1,
        };
        return (next, OpenFee(ds, price));
    }

    /// <summary>Decrease: realised PnL of the closed part (profit capped at its share of the reserve) and the close fee go into the collateral.</summary>
    public (ModelPosition Pos, BigInteger RealizedPnl, BigInteger Fee) Decrease(ModelPosition pos, BigInteger ds, BigInteger price)
    {
        var capPart = MulDiv(pos.Reserve, ds, pos.Size);
        var rp = RealizedPnl(ds, pos.Entry, price, pos.IsLong, capPart);
        var fee = CloseFee(ds, price);
        var newC = pos.Collateral + rp - fee;
        var next = pos with
        {
            Size = pos.Size - ds,
            Collateral = newC,
            Reserve = BigInteger.Min(pos.Reserve - capPart, ReserveFor(pos.Size - ds, pos.Entry, newC)),
            Seq = pos.Seq + 1,
        };
        return (next, rp, fee);
    }

    /// <summary>Close: payout = C + PnL − fee (fee capped by what is left); an underwater close is bad debt, fee waived.</summary>
    public (BigInteger RealizedPnl, BigInteger Fee, BigInteger Payout, BigInteger BadDebt) Close(ModelPosition pos, BigInteger price)
    {
        var rp = RealizedPnl(pos.Size, pos.Entry, price, pos.IsLong, pos.Reserve);
        var after = pos.Collateral + rp;
        if (after < 0) return (rp, 0, 0, -after);
        var fee = BigInteger.Min(CloseFee(pos.Size, price), after);
        return (rp, fee, after - fee, 0);
    }

    /// <summary>previewLiquidation: partial to the target ratio when the remainder is healthy and not dust, else full.</summary>
    public ModelPreview Preview(ModelPosition pos, BigInteger price)
    {
        if (!IsLiquidatable(pos, price)) return new ModelPreview { Price = price };
        var partial = TryPartial(pos, price);
        if (partial is not null) return partial;

        BigInteger s = pos.Size, c = pos.Collateral;
        var n = NotionalDown(s, price);
        var rp = RealizedPnl(s, pos.Entry, price, pos.IsLong, pos.Reserve);
        var kf = BigInteger.Min(KeeperFee(n), c);
        var rest = c + rp - kf;
        var full = new ModelPreview
        {
            Liquidatable = true, Full = true, FractionClosed = WadOne, ClosedSize = s, Price = price,
            RealizedPnl = rp, KeeperFee = kf,
        };
        if (rest < 0) return full with { BadDebt = -rest };
        var cf = BigInteger.Min(FeeUp(n, Params.CloseFeeBps), rest);
        var pen = BigInteger.Min(FeeUp(n, Params.LiquidationPenaltyBps), rest - cf);
        return full with { CloseFee = cf, Penalty = pen, OwnerRemainder = rest - cf - pen };
    }

    private ModelPreview? TryPartial(ModelPosition pos, BigInteger price)
    {
        BigInteger s = pos.Size, e = pos.Entry, c = pos.Collateral;
        var n = NotionalUp(s, price);
        var q = c * Scale + PnlWad(s, e, price, pos.IsLong) - MulDiv(n, Params.CloseFeeBps, Bps, up: true);
        if (q <= 0) return null;
        BigInteger t = Params.TargetMarginBps, fp = Params.LiquidationFeeBps + Params.LiquidationPenaltyBps;
        var num = t * n - q * Bps;
        // Closing realises only the profit up to the reserve: each unit of x also gives up the excess above it.
        var excess = BigInteger.Max(PnlWad(s, e, price, pos.IsLong) - pos.Reserve * Scale, 0) * Bps;
        if ((t - fp) * n <= excess) return null;
        var x = MulDiv(num, WadOne, (t - fp) * n - excess, up: true);
        if (x >= WadOne) return null;
        var closed = MulDiv(s, x, WadOne, up: true);
        if (closed >= s) return null;
        var cn = NotionalDown(closed, price);
        var kf = KeeperFee(cn);
        if (kf > FeeDown(cn, Params.LiquidationFeeBps))
        {
            if ((t - Params.LiquidationPenaltyBps) * n <= excess) return null;
            x = MulDiv(num + kf * Scale * Bps, WadOne, (t - Params.LiquidationPenaltyBps) * n - excess, up: true);
            if (x >= WadOne) return null;
            closed = MulDiv(s, x, WadOne, up: true);
            if (closed >= s) return null;
            cn = NotionalDown(closed, price);
            kf = KeeperFee(cn);
        }
        if (s - closed < Params.MinSize) return null;
        var capPart = MulDiv(pos.Reserve, closed, s);
        var rp = RealizedPnl(closed, e, price, pos.IsLong, capPart);
        var cf = FeeUp(cn, Params.CloseFeeBps);
        var pen = FeeUp(cn, Params.LiquidationPenaltyBps);
        var newC = c + rp - (kf + cf + pen);
        if (newC <= 0 || newC < Params.MinCollateral) return null;
        if (IsLiquidatable(newC * Scale, s - closed, e, price, pos.IsLong, MaintenanceBps(pos), Params.CloseFeeBps)) return null;
        return new ModelPreview
        {
            Liquidatable = true, Full = false, FractionClosed = BigInteger.Min(x, WadOne), ClosedSize = closed,
            KeeperFee = kf, Penalty = pen, CloseFee = cf, RealizedPnl = rp, Price = price,
            RemainingSize = s - closed, RemainingCollateral = newC,
        };
    }
}
