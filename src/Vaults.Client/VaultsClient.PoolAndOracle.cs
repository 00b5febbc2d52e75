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
        return Result(await Guard(() => Pool.DepositRequestAndWaitForReceiptAsync(units, SignerAddress, ct)).ConfigureAwait(false), null);
    }

    /// <summary>Withdraws <paramref name="amount"/> tokens from the pool (at most the free liquidity the signer's shares cover).</summary>
    public async Task<TransactionResult> WithdrawAsync(decimal amount, CancellationToken ct = default)
    {
        var units = PositiveTokenUnits(amount, "--amount");
        var max = await Guard(() => Pool.MaxWithdrawQueryAsync(SignerAddress, cancellationToken: ct)).ConfigureAwait(false);
        var lockedUntil = await Guard(() => Pool.CooldownEndsQueryAsync(SignerAddress, cancellationToken: ct)).ConfigureAwait(false);
        var now = (await Guard(() => Web3.Eth.GetBlockByNumberAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest(), ct)).ConfigureAwait(false))!.Timestamp.Value;
        if (lockedUntil > now)
            throw new VaultsClientException($"Cannot withdraw yet: {SignerAddress}'s shares are in the pool's deposit cooldown until {DateTimeOffset.FromUnixTimeSeconds((long)lockedUntil):u} ({lockedUntil - now} s from the latest block).");
        if (units > max)
            throw new VaultsClientException($"Cannot withdraw {amount}: {SignerAddress} can withdraw at most {Tokens(max)} now (its shares, capped by free liquidity).");
        return Result(await Guard(() => Pool.WithdrawRequestAndWaitForReceiptAsync(units, SignerAddress, SignerAddress, ct)).ConfigureAwait(false), null);
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
