using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.MarginVault;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Contracts.VaultLens;
using Nethereum.Contracts;
using Vaults.Chain;
using Nethereum.Util;
using Nethereum.Hex.HexConvertors.Extensions;
using Vaults.Integration.Tests.Contracts.HookedOwner;
using Vaults.Integration.Tests.Contracts.HookedOwner.ContractDefinition;
using Vaults.Integration.Tests.Contracts.HostileToken;
using Vaults.Integration.Tests.Contracts.HostileToken.ContractDefinition;
using Vaults.Integration.Tests.VaultSystem;

namespace Vaults.Integration.Tests.Soundness;

/// <summary>
/// Issue 10.5 and 10.13 on a system settled in a hostile token (a USDC-style blocklist, a receive hook, a fee on
/// transfer): nothing an owner controls can block a liquidation. A blocklisted owner and an owner contract that
/// refuses tokens are liquidated inside a batch with honest vaults, their remainders kept in their vaults to be
/// claimed later; a vault whose own liquidation fails is skipped with its reason and the others go on; a token that
/// delivers less than it is sent is refused.
/// </summary>
public class HostileOwnerTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    private HostileTokenService _token = null!;
    private VaultsDeployment _system = null!;
    private ulong _nonce = 1;

    private VaultFactoryService SystemFactory(int account) => new(Web3(account), _system.VaultFactory);

    private async Task DeployAsync()
    {
        var receipt = await HostileTokenService.DeployContractAndWaitForReceiptAsync(Web3(0), new HostileTokenDeployment());
        _token = new HostileTokenService(Web3(0), Address.Parse(receipt.ContractAddress!));
        _system = await new VaultsDeployer(Web3(0)).DeployAsync(new VaultsDeployer.Options { SettlementToken = _token.ContractAddress });
        await _token.MintRequestAndWaitForReceiptAsync(AccountAddress(1), Usdc(500_000));
        await new HostileTokenService(Web3(1), _token.ContractAddress).ApproveRequestAndWaitForReceiptAsync(_system.LiquidityPool, Usdc(500_000));
        await new LiquidityPoolService(Web3(1), _system.LiquidityPool).DepositRequestAndWaitForReceiptAsync(Usdc(500_000), AccountAddress(1));
        for (int i = 2; i <= 5; i++)
        {
            await _token.MintRequestAndWaitForReceiptAsync(AccountAddress(i), Usdc(10_000));
            await new HostileTokenService(Web3(i), _token.ContractAddress).ApproveRequestAndWaitForReceiptAsync(_system.VaultFactory, (BigInteger.One << 256) - 1);
        }
    }

    /// <summary>A tiny 8x long (50 of collateral, 0.2 ETH): at 1,800 it is liquidated fully with a remainder for its owner.</summary>
    private async Task<Address> OpenTinyAsync(int trader) =>
        (await SystemFactory(trader).OpenVaultRequestAndWaitForReceiptAsync(_system.MarketId, true, Usdc(50), Wad(0.2m), AnyPrice(true), _nonce++))
            .DecodeAllEvents<VaultOpenedEventDTO>().Single().Event.Vault;

    private Task SetSystemPriceAsync(decimal price) =>
        new PriceOracleService(Web3(0), _system.PriceOracle).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(price, 8));

    [Fact]
    public async Task A_blocklisted_owner_and_an_owner_that_refuses_tokens_are_liquidated_in_a_batch_and_claim_their_remainders_later()
    {
        await DeployAsync();
        var honestA = await OpenTinyAsync(2);
        var blockedOwner = await OpenTinyAsync(3);
        var deployed = await HookedOwnerService.DeployContractAndWaitForReceiptAsync(Web3(0), new HookedOwnerDeployment());
        var hooked = new HookedOwnerService(Web3(4), Address.Parse(deployed.ContractAddress!));
        await _token.MintRequestAndWaitForReceiptAsync(hooked.ContractAddress, Usdc(51)); // the collateral and the open fee
        var hookedVault = (await hooked.OpenRequestAndWaitForReceiptAsync(_system.VaultFactory, _token.ContractAddress, _system.MarketId, true, Usdc(50), Wad(0.2m), AnyPrice(true)))
            .DecodeAllEvents<VaultOpenedEventDTO>().Single().Event.Vault;
        var honestB = await OpenTinyAsync(5);
        await _token.SetBlockedRequestAndWaitForReceiptAsync(AccountAddress(3), true);
        await SetSystemPriceAsync(1_800);

        var vaults = new List<Address> { honestA, blockedOwner, hookedVault, honestB };
        var previews = new List<LiquidationPreview>();
        foreach (var v in vaults) previews.Add(await SystemFactory(0).PreviewLiquidationQueryAsync(v));
        Assert.All(previews, p => Assert.True(p.Liquidatable && p.Full && p.OwnerRemainder > 0));
        var ownerBalances = new Address[] { AccountAddress(2), AccountAddress(3), hooked.ContractAddress, AccountAddress(5) };
        var before = new List<BigInteger>();
        foreach (var o in ownerBalances) before.Add(await _token.BalanceOfQueryAsync(o));

        var receipt = await SystemFactory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync(vaults.ConvertAll(v => v.ToString()));

        // All four liquidated, nobody skipped; no owner was paid (nor could block): the remainders stay in the vaults.
        Assert.Equal(vaults, receipt.DecodeAllEvents<VaultLiquidatedEventDTO>().Select(e => (Address)e.Event.Vault));
        Assert.Empty(receipt.DecodeAllEvents<LiquidationSkippedEventDTO>());
        var lens = new VaultLensService(Web3(0), _system.VaultLens);
        for (int i = 0; i < vaults.Count; i++)
        {
            Assert.Equal(before[i], await _token.BalanceOfQueryAsync(ownerBalances[i]));
            Assert.Equal(previews[i].OwnerRemainder, await _token.BalanceOfQueryAsync(vaults[i]));
            Assert.Equal(previews[i].OwnerRemainder, await lens.ClaimableQueryAsync(vaults[i]));
        }

        // Later: the blocklisted owner cannot receive, but claims to another address of its own; the contract owner
        // claims to an account that accepts tokens; honest owners claim through their vault.
        await ExpectErrorAsync("NotVaultOwner", () => SystemFactory(Keeper).ClaimRequestAndWaitForReceiptAsync(blockedOwner, AccountAddress(Keeper)));
        await SystemFactory(3).ClaimRequestAndWaitForReceiptAsync(blockedOwner, AccountAddress(6));
        Assert.Equal(previews[1].OwnerRemainder, await _token.BalanceOfQueryAsync(AccountAddress(6)));
        await hooked.ClaimRequestAndWaitForReceiptAsync(_system.VaultFactory, hookedVault, AccountAddress(7));
        Assert.Equal(previews[2].OwnerRemainder, await _token.BalanceOfQueryAsync(AccountAddress(7)));
        await new MarginVaultService(Web3(2), honestA).ClaimRequestAndWaitForReceiptAsync(AccountAddress(2));
        Assert.Equal(before[0] + previews[0].OwnerRemainder, await _token.BalanceOfQueryAsync(AccountAddress(2)));
        foreach (var v in new Address[] { blockedOwner, hookedVault, honestA }) Assert.Equal(BigInteger.Zero, await _token.BalanceOfQueryAsync(v));
        await ExpectErrorAsync("NothingToClaim", () => SystemFactory(2).ClaimRequestAndWaitForReceiptAsync(honestA, AccountAddress(2)));
    }

    [Fact]
    public async Task A_vault_whose_own_liquidation_fails_is_skipped_with_its_reason_and_the_others_are_liquidated()
    {
        await DeployAsync();
        var honest = await OpenTinyAsync(2);
        var frozen = await OpenTinyAsync(3);
        await _token.SetBlockedRequestAndWaitForReceiptAsync(frozen, true); // the issuer freezes the vault itself
        await SetSystemPriceAsync(1_800);

        var receipt = await SystemFactory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([frozen, honest]);

        Assert.Equal(honest, (Address)receipt.DecodeAllEvents<VaultLiquidatedEventDTO>().Single().Event.Vault);
        var skipped = receipt.DecodeAllEvents<LiquidationSkippedEventDTO>().Single().Event;
        Assert.Equal(frozen, (Address)skipped.Vault);
        Assert.Equal(ABITypedRegistry.GetError<BlockedError>().Sha3Signature.HexToByteArray(), skipped.Reason);
        Assert.Equal(1, (await SystemFactory(0).PositionQueryAsync(frozen)).Status); // untouched, still open
        Assert.Equal(Usdc(50), await _token.BalanceOfQueryAsync(frozen));
        // Alone in a batch it liquidates nothing: the batch reverts, and a keeper's simulation sees it.
        await ExpectErrorAsync("NothingLiquidated", () => SystemFactory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([frozen]));
    }

    [Fact]
    public async Task A_token_that_takes_a_fee_on_transfer_is_refused_with_TokenTransferShortfall()
    {
        await DeployAsync();
        var vault = await OpenTinyAsync(2);
        await _token.SetFeeBpsRequestAndWaitForReceiptAsync(10); // 0.1% taken on every transfer from now on
        var ex = await ExpectErrorAsync("TokenTransferShortfall", () =>
            SystemFactory(3).OpenVaultRequestAndWaitForReceiptAsync(_system.MarketId, true, Usdc(1_000), Wad(1), AnyPrice(true), _nonce++));
        Assert.Equal(Usdc(999), Num(ex, "balance"));
        Assert.Equal(Usdc(1_000), Num(ex, "needed"));
        await ExpectErrorAsync("TokenTransferShortfall", () => SystemFactory(2).AddMarginRequestAndWaitForReceiptAsync(vault, Usdc(100)));
        Assert.Equal(Usdc(50), (await SystemFactory(0).PositionQueryAsync(vault)).Collateral);
    }
}
