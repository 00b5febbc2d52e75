using Vaults.Contracts.MarketConfig;
using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// Base of the margin-math tests: the reference model with the deployed market's parameters, a token ledger
/// checked to the unit, position/price helpers and revert assertions.
/// </summary>
public abstract class MarginTest(VaultsFixture vaults) : VaultsTest(vaults)
{
    private MarginModel? _model;
    private ulong _openNonce = 1UL << 40; // apart from VaultsTest.OpenAsync's nonces

    /// <summary>The reference model for the deployed market.</summary>
    protected async Task<MarginModel> ModelAsync() =>
        _model ??= new MarginModel(
            (await new MarketConfigService(Web3(0), Deployment.MarketConfig).MarketQueryAsync(Deployment.MarketId)).P,
            await Factory().TokenScaleQueryAsync());

    protected Address Pool => Deployment.LiquidityPool;
    protected Address Fund => Deployment.InsuranceFund;

    /// <summary>Posts an 8-decimal oracle answer.</summary>
    protected Task SetPrice8Async(BigInteger answer) =>
        new PriceOracleService(Web3(0), Deployment.PriceOracle).SubmitRequestAndWaitForReceiptAsync(answer);

    /// <summary>Moves the oracle to <paramref name="target"/> in steps of at most 15% (the market accepts 20% per update).</summary>
    protected async Task MovePriceAsync(decimal target)
    {
        var current = await CurrentPriceAsync();
        while (current != target)
        {
            var next = target < current ? Math.Max(target, Math.Round(current * 0.85m, 8)) : Math.Min(target, Math.Round(current * 1.15m, 8));
            await SetPriceAsync(next);
            current = next;
        }
    }

    protected async Task<decimal> CurrentPriceAsync() =>
        decimal.Parse(Units.Format(await Factory().CheckedPriceQueryAsync(Deployment.MarketId), 18), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opens a vault and returns the receipt (VaultOpened inside).</summary>
    protected Task<TransactionReceipt> OpenRawAsync(int trader, bool isLong, BigInteger collateral, BigInteger size, BigInteger acceptable) =>
        Factory(trader).OpenVaultRequestAndWaitForReceiptAsync(Deployment.MarketId, isLong, collateral, size, acceptable, _openNonce++);

    protected static Address VaultOf(TransactionReceipt receipt) => receipt.DecodeAllEvents<VaultOpenedEventDTO>().Single().Event.Vault;

    protected async Task<ModelPosition> ReadPositionAsync(Address vault)
    {
        var p = await Factory().PositionQueryAsync(vault);
        return new ModelPosition(p.IsLong, p.Size, p.EntryPrice, p.Collateral, p.Reserve, p.Seq);
    }

    /// <summary>The traders' marked-to-market claim on the pool by the model, from the chain's side aggregates.</summary>
    protected async Task<BigInteger> TraderClaimAsync(MarginModel model, BigInteger price)
    {
        BigInteger total = 0;
        foreach (var isLong in new[] { true, false })
        {
            var side = await Factory().SideTotalsQueryAsync(Deployment.MarketId, isLong);
            total += model.MarkedSide(side.Size, side.EntryNotional, side.Collateral, side.Reserve, price, isLong);
        }
        return total;
    }

    /// <summary>The on-chain struct equals the model's position, field by field, and is open.</summary>
    protected async Task AssertPositionAsync(Address vault, ModelPosition expected)
    {
        var p = await Factory().PositionQueryAsync(vault);
        Assert.Equal(expected.IsLong, p.IsLong);
        Assert.Equal(expected.Size, p.Size);
        Assert.Equal(expected.Entry, p.EntryPrice);
        Assert.Equal(expected.Collateral, p.Collateral);
        Assert.Equal(expected.Reserve, p.Reserve);
        Assert.Equal(expected.Seq, p.Seq);
        Assert.Equal((ushort)Deployment.MarketId, p.MarketId);
        Assert.Equal((byte)1, p.Status); // Open
    }

    /// <summary>Asserts a transaction reverts with <paramref name="errorName"/> and returns the exception.</summary>
    protected static async Task<SmartContractCustomErrorRevertException> AssertRevertsAsync(string errorName, Func<Task> send)
    {
        var ex = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(send);
        Assert.Equal(errorName, ex.ErrorName);
        return ex;
    }

    protected static object? Arg(SmartContractCustomErrorRevertException ex, int index) => ex.Arguments[index].Value;

    /// <summary>A contract preview equals the model's, field by field.</summary>
    protected static void AssertPreview(ModelPreview expected, LiquidationPreview actual)
    {
        Assert.Equal(expected.Liquidatable, actual.Liquidatable);
        Assert.Equal(expected.Full, actual.Full);
        Assert.Equal(expected.FractionClosed, actual.FractionClosed);
        Assert.Equal(expected.ClosedSize, actual.ClosedSize);
        Assert.Equal(expected.KeeperFee, actual.KeeperFee);
        Assert.Equal(expected.Penalty, actual.Penalty);
        Assert.Equal(expected.CloseFee, actual.CloseFee);
        Assert.Equal(expected.RealizedPnl, actual.RealizedPnl);
        Assert.Equal(expected.OwnerRemainder, actual.OwnerRemainder);
        Assert.Equal(expected.BadDebt, actual.BadDebt);
        Assert.Equal(expected.Price, actual.Price);
        Assert.Equal(expected.RemainingSize, actual.RemainingSize);
        Assert.Equal(expected.RemainingCollateral, actual.RemainingCollateral);
    }

    /// <summary>The VaultLiquidated event says what the preview said.</summary>
    protected static void AssertEvent(LiquidationPreview preview, VaultLiquidatedEventDTO e)
    {
        Assert.Equal(preview.Full, e.Full);
        Assert.Equal(preview.ClosedSize, e.ClosedSize);
        Assert.Equal(preview.KeeperFee, e.KeeperFee);
        Assert.Equal(preview.Penalty, e.Penalty);
        Assert.Equal(preview.OwnerRemainder, e.OwnerRemainder);
        Assert.Equal(preview.BadDebt, e.BadDebt);
        Assert.Equal(preview.Price, e.Price);
        Assert.Equal(preview.RemainingSize, e.RemainingSize);
        Assert.Equal(preview.RemainingCollateral, e.RemainingCollateral);
    }

    /// <summary>Expected token balances of a set of addresses, moved by the model and checked to the unit against the chain.</summary>
    protected sealed class Ledger
    {
        private readonly MarginTest _test;
        private readonly Dictionary<Address, BigInteger> _expected = [];
        private readonly Dictionary<Address, string> _names = [];
        private BigInteger _total;

        private Ledger(MarginTest test) => _test = test;

        public static async Task<Ledger> StartAsync(MarginTest test, params (string Name, Address Address)[] accounts)
        {
            var ledger = new Ledger(test);
            foreach (var (name, address) in accounts) await ledger.TrackAsync(name, address);
            return ledger;
        }

        /// <summary>Starts tracking an address at its current balance.</summary>
        public async Task TrackAsync(string name, Address address)
        {
            var balance = await _test.Token().BalanceOfQueryAsync(address);
            _expected[address] = balance;
            _names[address] = name;
            _total += balance;
        }

        public BigInteger this[Address address] => _expected[address];

        public void Move(Address from, Address to, BigInteger amount)
        {
            _expected[from] -= amount;
            _expected[to] += amount;
        }

        /// <summary>Every tracked balance equals the expectation, and the tracked total is conserved.</summary>
        public async Task AssertAsync(string step)
        {
            BigInteger sum = 0;
            foreach (var (address, expected) in _expected)
            {
                var actual = await _test.Token().BalanceOfQueryAsync(address);
                sum += actual;
                Assert.True(expected == actual, $"{step}: balance of {_names[address]} is {actual}, expected {expected} (diff {actual - expected})");
            }
            Assert.True(sum == _total, $"{step}: tokens not conserved: {sum} vs {_total}");
        }
    }
}
