using System.Numerics;
using Vaults.Contracts.InsuranceFund;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.MarginVault;
using Vaults.Contracts.MarketConfig;
using Vaults.Contracts.PriceOracle;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// Helpers for the bad-input tests: a revert is asserted by its custom error name (and arguments), and "changes
/// nothing" is a full picture of the system (balances of every trader, keeper, pool, fund and the vaults, the
/// position structs, open interest, reserves and the vault count) compared before and after.
/// </summary>
public abstract class GuardedVaultsTest(VaultsFixture vaults) : VaultsTest(vaults)
{
    /// <summary>The keeper account (no vaults of its own).</summary>
    protected const int Keeper = 9;

    /// <summary>The market config as seen by <paramref name="account"/> (account 0 owns it).</summary>
    protected MarketConfigService Config(int account = 0) => new(Web3(account), Deployment.MarketConfig);

    /// <summary>The pool as seen by <paramref name="account"/>.</summary>
    protected LiquidityPoolService Pool(int account = 0) => new(Web3(account), Deployment.LiquidityPool);

    /// <summary>The insurance fund as seen by <paramref name="account"/>.</summary>
    protected InsuranceFundService Fund(int account = 0) => new(Web3(account), Deployment.InsuranceFund);

    /// <summary>The oracle as seen by the reporter (account 0).</summary>
    protected PriceOracleService Oracle => new(Web3(0), Deployment.PriceOracle);

    /// <summary>A vault clone as seen by <paramref name="account"/>.</summary>
    protected MarginVaultService Vault(Address vault, int account) => new(Web3(account), vault);

    /// <summary>Posts a raw oracle answer (8 decimals), any sign.</summary>
    protected Task SubmitRawAsync(BigInteger answer) => Oracle.SubmitRequestAndWaitForReceiptAsync(answer);

    /// <summary>Moves the chain clock forward and mines a block.</summary>
    protected async Task AdvanceAsync(long seconds)
    {
        await Devnet.DevTools.IncreaseTimeAsync(seconds);
        await Devnet.DevTools.MineAsync();
    }

    /// <summary>The timestamp of the latest block.</summary>
    protected async Task<long> NowAsync()
    {
        var block = await Devnet.CallAsync("eth_getBlockByNumber", "latest", false);
        return Convert.ToInt64(block["timestamp"]!.ToObject<string>()![2..], 16);
    }

    /// <summary>Everything a rejected call must leave untouched, as comparable lines.</summary>
    protected async Task<List<string>> CaptureAsync(params Address[] vaults)
    {
        var lines = new List<string>();
        var token = Token();
        for (int i = 0; i < 10; i++)
            lines.Add($"account{i}={await token.BalanceOfQueryAsync(AccountAddress(i))}");
        lines.Add($"pool={await token.BalanceOfQueryAsync(Deployment.LiquidityPool)}");
        lines.Add($"fund={await token.BalanceOfQueryAsync(Deployment.InsuranceFund)}");
        lines.Add($"lpShares={await Pool().TotalSupplyQueryAsync()}");
        var factory = Factory();
        foreach (var isLong in new[] { true, false })
        {
            var side = await factory.SideTotalsQueryAsync(Deployment.MarketId, isLong);
            lines.Add($"side long={isLong}: size={side.Size} entryNotional={side.EntryNotional} collateral={side.Collateral} reserve={side.Reserve}");
        }
        lines.Add($"claim={await factory.InsuranceClaimQueryAsync()}");
        lines.Add($"reserved={await factory.TotalReservedQueryAsync()}");
        lines.Add($"vaultCount={await factory.VaultCountQueryAsync()}");
        foreach (var v in vaults)
        {
            var p = await factory.PositionQueryAsync(v);
            lines.Add($"vault {v}: balance={await token.BalanceOfQueryAsync(v)} size={p.Size} entry={p.EntryPrice} seq={p.Seq} long={p.IsLong} status={p.Status} collateral={p.Collateral} reserve={p.Reserve}");
        }
        return lines;
    }

    /// <summary>Runs <paramref name="action"/>, expects the custom error <paramref name="errorName"/>, and checks nothing changed.</summary>
    protected async Task<SmartContractCustomErrorRevertException> AssertRejectedAsync(string errorName, Func<Task> action, params Address[] vaults)
    {
        var before = await CaptureAsync(vaults);
        var ex = await ExpectErrorAsync(errorName, action);
        Assert.Equal(before, await CaptureAsync(vaults));
        return ex;
    }

    /// <summary>Runs <paramref name="action"/> and expects the custom error <paramref name="errorName"/>.</summary>
    protected static async Task<SmartContractCustomErrorRevertException> ExpectErrorAsync(string errorName, Func<Task> action)
    {
        var ex = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(action);
        Assert.True(errorName == ex.ErrorName, $"expected {errorName}, got {ex.ErrorName}: {ex.Message}");
        return ex;
    }

    /// <summary>A decoded argument of a custom error, by parameter name.</summary>
    protected static object? Arg(SmartContractCustomErrorRevertException ex, string name) =>
        ex.Arguments.Single(a => a.Key == name).Value;

    /// <summary>A decoded numeric argument.</summary>
    protected static BigInteger Num(SmartContractCustomErrorRevertException ex, string name) => Arg(ex, name) switch
    {
        BigInteger b => b,
        IConvertible c => new BigInteger(c.ToDecimal(null)),
        var o => throw new InvalidCastException($"{name} is {o?.GetType().Name}"),
    };

    /// <summary>Acceptable price that never binds for the side (buying: max; selling: 0).</summary>
    protected static BigInteger AnyPrice(bool buying) => buying ? Wad(1_000_000_000) : BigInteger.Zero;
}
