using Nethereum.Hex.HexConvertors.Extensions;
using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.ReentrantToken;
using Vaults.Contracts.ReentrantToken.ContractDefinition;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using PoolDef = Vaults.Contracts.LiquidityPool.ContractDefinition;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// A second system whose settlement token re-enters during transfers (the GMX 2025 lesson): every re-entry into
/// the factory or the pool is stopped, and the outer operation either reverts whole or completes unharmed.
/// </summary>
public class ReentrancyTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    private ReentrantTokenService _token = null!;
    private VaultFactoryService _factory = null!;
    private VaultsDeployment _system = null!;

    private async Task DeployAsync()
    {
        var receipt = await ReentrantTokenService.DeployContractAndWaitForReceiptAsync(Web3(0), new ReentrantTokenDeployment());
        var token = Address.Parse(receipt.ContractAddress!);
        _system = await new VaultsDeployer(Web3(0)).DeployAsync(new VaultsDeployer.Options { SettlementToken = token });
        _token = new ReentrantTokenService(Web3(0), token);
        await _token.MintRequestAndWaitForReceiptAsync(AccountAddress(1), Usdc(100_000));
        await new ReentrantTokenService(Web3(1), token).ApproveRequestAndWaitForReceiptAsync(_system.LiquidityPool, Usdc(100_000));
        await new LiquidityPoolService(Web3(1), _system.LiquidityPool).DepositRequestAndWaitForReceiptAsync(Usdc(100_000), AccountAddress(1));
        await _token.MintRequestAndWaitForReceiptAsync(AccountAddress(2), Usdc(10_000));
        await new ReentrantTokenService(Web3(2), token).ApproveRequestAndWaitForReceiptAsync(_system.VaultFactory, (BigInteger.One << 256) - 1);
        _factory = new VaultFactoryService(Web3(2), _system.VaultFactory);
    }

    private async Task<Address> OpenAsync()
    {
        var r = await _factory.OpenVaultRequestAndWaitForReceiptAsync(_system.MarketId, true, Usdc(1_000), Wad(2), AnyPrice(true), 1);
        return r.DecodeAllEvents<VaultOpenedEventDTO>().Single().Event.Vault;
    }

    private async Task<string> BalancesAsync(Address vault) =>
        $"{await _token.BalanceOfQueryAsync(AccountAddress(2))} {await _token.BalanceOfQueryAsync(vault)} {await _token.BalanceOfQueryAsync(_system.LiquidityPool)} " +
        $"{await _token.BalanceOfQueryAsync(_system.InsuranceFund)} {await _token.BalanceOfQueryAsync(_token.ContractAddress)}";

    [Fact]
    public async Task Re_entering_the_factory_during_add_margin_is_stopped_and_the_whole_call_reverts()
    {
        await DeployAsync();
        var vault = await OpenAsync();
        var before = await BalancesAsync(vault);
        var position = (await _factory.PositionQueryAsync(vault)).Collateral;
        // During the margin transfer, try to close the vault (would pay out the collateral a second time).
        await _token.ArmRequestAndWaitForReceiptAsync(_system.VaultFactory, new CloseVaultFunction { Vault = vault, AcceptablePrice = 0 }.GetCallData(), true);

        await ExpectErrorAsync("ReentrancyGuardReentrantCall", () => _factory.AddMarginRequestAndWaitForReceiptAsync(vault, Usdc(100)));
        Assert.Equal(before, await BalancesAsync(vault));
        Assert.Equal(position, (await _factory.PositionQueryAsync(vault)).Collateral);
        Assert.Equal(1, (await _factory.PositionQueryAsync(vault)).Status);
    }

    [Fact]
    public async Task Re_entering_liquidate_during_a_liquidation_is_stopped_and_the_vault_is_liquidated_once()
    {
        await DeployAsync();
        var vault = await OpenAsync(); // 4,000 notional on 1,000: liquidatable below ~1,546
        await new Vaults.Contracts.PriceOracle.PriceOracleService(Web3(0), _system.PriceOracle).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(1_600m, 8));
        await new Vaults.Contracts.PriceOracle.PriceOracleService(Web3(0), _system.PriceOracle).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(1_500m, 8));
        Assert.True((await _factory.PreviewLiquidationQueryAsync(vault)).Liquidatable);
        var supply = await _token.TotalSupplyQueryAsync();
        await _token.ArmRequestAndWaitForReceiptAsync(_system.VaultFactory, new LiquidateFunction { Vault = vault }.GetCallData(), false);

        var receipt = await new VaultFactoryService(Web3(Keeper), _system.VaultFactory).LiquidateRequestAndWaitForReceiptAsync(vault);

        Assert.Single(receipt.DecodeAllEvents<VaultLiquidatedEventDTO>());
        Assert.False(await _token.LastSuccessQueryAsync());
        Assert.True(new SmartContractCustomErrorRevertException((await _token.LastReturnDataQueryAsync()).ToHex(true)).IsCustomErrorFor<ReentrancyGuardReentrantCallError>());
        Assert.Equal(supply, await _token.TotalSupplyQueryAsync());
    }

    [Fact]
    public async Task Releasing_the_insurance_claim_from_inside_a_liquidation_is_stopped_and_the_penalty_stays_credited_once()
    {
        await DeployAsync();
        var vault = await OpenAsync();
        var oracle = new Vaults.Contracts.PriceOracle.PriceOracleService(Web3(0), _system.PriceOracle);
        await oracle.SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(1_600m, 8));
        await oracle.SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(1_540m, 8)); // just below ~1,546: equity left for the penalty
        var preview = await _factory.PreviewLiquidationQueryAsync(vault);
        Assert.True(preview.Liquidatable && preview.Penalty > 0);
        // During the liquidation's transfers, try to have the claim paid out (the guard answers before the caller check).
        await _token.ArmRequestAndWaitForReceiptAsync(_system.VaultFactory, new ReleaseInsuranceClaimFunction().GetCallData(), false);

        await new VaultFactoryService(Web3(Keeper), _system.VaultFactory).LiquidateRequestAndWaitForReceiptAsync(vault);

        Assert.False(await _token.LastSuccessQueryAsync());
        Assert.True(new SmartContractCustomErrorRevertException((await _token.LastReturnDataQueryAsync()).ToHex(true)).IsCustomErrorFor<ReentrancyGuardReentrantCallError>());
        Assert.Equal(preview.Penalty, await _factory.InsuranceClaimQueryAsync());
        Assert.Equal(BigInteger.Zero, await _token.BalanceOfQueryAsync(_system.InsuranceFund));
    }

    [Fact]
    public async Task Withdrawing_from_the_pool_while_a_factory_operation_moves_tokens_is_refused()
    {
        await DeployAsync();
        var vault = await OpenAsync();
        await new Vaults.Contracts.PriceOracle.PriceOracleService(Web3(0), _system.PriceOracle).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(1_900m, 8));
        // The close pays the loss from the vault to the pool; during that transfer the pool is asked for a withdrawal.
        await _token.ArmRequestAndWaitForReceiptAsync(_system.LiquidityPool,
            new PoolDef.WithdrawFunction { Assets = 1, Receiver = AccountAddress(1), Owner = AccountAddress(1) }.GetCallData(), false);
        var poolBefore = await _token.BalanceOfQueryAsync(_system.LiquidityPool);

        await _factory.CloseVaultRequestAndWaitForReceiptAsync(vault, 0);

        Assert.False(await _token.LastSuccessQueryAsync());
        Assert.True(new SmartContractCustomErrorRevertException((await _token.LastReturnDataQueryAsync()).ToHex(true)).IsCustomErrorFor<PoolDef.FactoryOperationInProgressError>());
        Assert.True(await _token.BalanceOfQueryAsync(_system.LiquidityPool) > poolBefore);
        Assert.Equal(0, await _token.BalanceOfQueryAsync(vault));
    }
}
