using Vaults.Chain;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>Only the owner changes a vault; only the factory moves vault, pool and fund tokens.</summary>
public class VaultAuthorizationTests(VaultsFixture vaults) : GuardedVaultsTest(vaults)
{
    public static TheoryData<string> OwnerOperations => new() { "removeMargin", "increase", "decrease", "close" };

    private Task Call(string op, bool throughVault, Address vault, int caller) => (op, throughVault) switch
    {
        ("removeMargin", true) => Vault(vault, caller).RemoveMarginRequestAndWaitForReceiptAsync(Usdc(10), AccountAddress(caller)),
        ("increase", true) => Vault(vault, caller).IncreasePositionRequestAndWaitForReceiptAsync(Wad(0.1m), 0, AnyPrice(true)),
        ("decrease", true) => Vault(vault, caller).DecreasePositionRequestAndWaitForReceiptAsync(Wad(0.1m), AnyPrice(false)),
        ("close", true) => Vault(vault, caller).CloseRequestAndWaitForReceiptAsync(AnyPrice(false)),
        ("removeMargin", false) => Factory(caller).RemoveMarginRequestAndWaitForReceiptAsync(vault, Usdc(10), AccountAddress(caller)),
        ("increase", false) => Factory(caller).IncreasePositionRequestAndWaitForReceiptAsync(vault, Wad(0.1m), 0, AnyPrice(true)),
        ("decrease", false) => Factory(caller).DecreasePositionRequestAndWaitForReceiptAsync(vault, Wad(0.1m), AnyPrice(false)),
        ("close", false) => Factory(caller).CloseVaultRequestAndWaitForReceiptAsync(vault, AnyPrice(false)),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    [Theory]
    [MemberData(nameof(OwnerOperations))]
    public async Task A_non_owner_calling_the_vault_reverts_NotVaultOwner_and_changes_nothing(string op)
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 2);
        var ex = await AssertRejectedAsync("NotVaultOwner", () => Call(op, throughVault: true, vault, caller: 3), vault);
        Assert.Equal(AccountAddress(3), Arg(ex, "caller"));
        Assert.Equal(AccountAddress(2), Arg(ex, "owner"));
        await Call(op, throughVault: true, vault, caller: 2); // the owner may
    }

    [Theory]
    [MemberData(nameof(OwnerOperations))]
    public async Task A_non_owner_calling_the_factory_for_a_vault_reverts_NotVaultOwner_and_changes_nothing(string op)
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 2);
        var ex = await AssertRejectedAsync("NotVaultOwner", () => Call(op, throughVault: false, vault, caller: Keeper), vault);
        Assert.Equal(AccountAddress(Keeper), Arg(ex, "caller"));
        Assert.Equal(AccountAddress(2), Arg(ex, "owner"));
        await Call(op, throughVault: false, vault, caller: 2);
    }

    [Fact]
    public async Task Moving_vault_tokens_directly_reverts_NotFactory_even_for_the_owner()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 2);
        var ex = await AssertRejectedAsync("NotFactory", () =>
            Vault(vault, 2).TransferOutRequestAndWaitForReceiptAsync(AccountAddress(2), Usdc(2_000)), vault);
        Assert.Equal(AccountAddress(2), Arg(ex, "caller"));
    }

    [Fact]
    public async Task Disbursing_vault_tokens_directly_reverts_NotFactory_even_for_the_owner()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 2);
        var ex = await AssertRejectedAsync("NotFactory", () =>
            Vault(vault, 2).DisburseRequestAndWaitForReceiptAsync(AccountAddress(2), Usdc(1_000), AccountAddress(3), Usdc(1_000)), vault);
        Assert.Equal(AccountAddress(2), Arg(ex, "caller"));
    }

    [Fact]
    public async Task Paying_out_of_the_pool_directly_reverts_NotFactory()
    {
        var ex = await AssertRejectedAsync("NotFactory", () => Pool(3).PayToRequestAndWaitForReceiptAsync(AccountAddress(3), Usdc(1)));
        Assert.Equal(AccountAddress(3), Arg(ex, "caller"));
    }

    [Fact]
    public async Task Drawing_on_the_insurance_fund_directly_reverts_NotFactory()
    {
        await Token().MintRequestAndWaitForReceiptAsync(Deployment.InsuranceFund, Usdc(500));
        var ex = await AssertRejectedAsync("NotFactory", () => Fund(3).CoverBadDebtRequestAndWaitForReceiptAsync(Usdc(500)));
        Assert.Equal(AccountAddress(3), Arg(ex, "caller"));
    }

    [Fact]
    public async Task A_keeper_cannot_liquidate_a_healthy_vault_NotLiquidatable()
    {
        var vault = await OpenAsync(2, isLong: true, collateral: 2_000, size: 2);
        var ex = await AssertRejectedAsync("NotLiquidatable", () => Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(vault), vault);
        Assert.Equal(vault, Arg(ex, "vault"));
    }
}
