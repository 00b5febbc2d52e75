using Vaults.Chain;
using Vaults.Contracts.Deployment;

namespace Vaults.Client;

// Pool deposits and withdrawals, and price updates by an authorised reporter.
public sealed partial class VaultsClient
{
    /// <summary>Deposits <paramref name="amount"/> tokens into the pool for LP shares.</summary>
    public async Task<TransactionResult> DepositAsync(decimal amount, CancellationToken ct = default)
    {
        var units = PositiveTokenUnits(amount, "--amount");
        await EnsureAllowanceAsync(Deployment.LiquidityPool, units, ct).ConfigureAwait(false);
        return Result(await Guard(() => Pool.DepositRequestAndWaitForReceiptAsync(units, SignerAddress, ct)).ConfigureAwait(false), null) with { Amount = amount };
    }

    /// <summary>Withdraws <paramref name="amount"/> tokens from the pool (at most the free liquidity the signer's shares cover).</summary>
    public Task<TransactionResult> WithdrawAsync(decimal amount, CancellationToken ct = default) =>
        WithdrawUnitsAsync(PositiveTokenUnits(amount, "--amount"), ct);

    /// <summary>Withdraws all the signer can withdraw now: its shares' worth, capped by the pool's free liquidity.</summary>
    public Task<TransactionResult> WithdrawMaxAsync(CancellationToken ct = default) => WithdrawUnitsAsync(null, ct);

    private async Task<TransactionResult> WithdrawUnitsAsync(System.Numerics.BigInteger? requested, CancellationToken ct)
    {
        var max = await Guard(() => Pool.MaxWithdrawQueryAsync(SignerAddress, cancellationToken: ct)).ConfigureAwait(false);
        var lockedUntil = await Guard(() => Pool.CooldownEndsQueryAsync(SignerAddress, cancellationToken: ct)).ConfigureAwait(false);
        var now = (await Guard(() => Web3.Eth.GetBlockByNumberAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest(), ct)).ConfigureAwait(false))!.Timestamp.Value;
        if (lockedUntil > now)
            throw new VaultsClientException($"Cannot withdraw yet: {SignerAddress}'s shares are in the pool's deposit cooldown until {DateTimeOffset.FromUnixTimeSeconds((long)lockedUntil):u} ({Amount.Age((long)(lockedUntil - now))} from the latest block).");
        if (requested is null && max == 0)
            throw new VaultsClientException($"Nothing to withdraw: {SignerAddress} holds no LP shares, or the pool has no free liquidity now.");
        var units = requested ?? max;
        if (units > max)
            throw new VaultsClientException($"Cannot withdraw {Amount.Display(Tokens(units))} {TokenSymbol}: {SignerAddress} can withdraw at most {Amount.Display(Tokens(max))} now (its shares, capped by free liquidity; --amount max takes that).");
        return Result(await Guard(() => Pool.WithdrawRequestAndWaitForReceiptAsync(units, SignerAddress, SignerAddress, ct)).ConfigureAwait(false), null) with { Amount = Tokens(units) };
    }

    /// <summary>Posts a new price to the PriceOracle of <paramref name="market"/> (the only market when null); the signer must be an authorised reporter.</summary>
    public async Task<TransactionResult> SetPriceAsync(decimal price, string? market = null, CancellationToken ct = default)
    {
        var target = Market(market);
        if (price <= 0) throw new VaultsClientException($"--price must be greater than zero (got {price}).");
        var answer = Amount.ToBaseUnits(price, await FeedDecimalsAsync(target.Feed, ct).ConfigureAwait(false), "--price");
        var oracle = new Contracts.PriceOracle.PriceOracleService(Web3, target.Feed);
        if (!await Guard(() => oracle.IsReporterQueryAsync(SignerAddress, cancellationToken: ct)).ConfigureAwait(false))
            throw new VaultsClientException($"{SignerAddress} is not an authorised price reporter of {target.Name}'s oracle {target.Feed}.");
        return Result(await Guard(() => oracle.SubmitRequestAndWaitForReceiptAsync(answer, ct)).ConfigureAwait(false), null);
    }
}
