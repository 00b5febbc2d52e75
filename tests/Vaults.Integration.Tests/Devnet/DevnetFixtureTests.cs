using Vaults.Chain;
using System.Numerics;
using Vaults.Devnet;

namespace Vaults.Integration.Tests.Devnet;

/// <summary>The shared node and the snapshot/revert isolation the other integration tests rely on.</summary>
public sealed class DevnetFixtureTests(DevnetFixture devnet) : DevnetTest(devnet)
{
    private static readonly BigInteger TenThousandEth = BigInteger.Parse("10000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Node_answers_chain_id_31337()
    {
        var chainId = (await Devnet.CallAsync("eth_chainId")).ToObject<string>();

        Assert.Equal("0x7a69", chainId);
        Assert.Equal(31337, Devnet.Node.ChainId);
    }

    [Fact]
    public async Task Published_dev_accounts_are_funded()
    {
        var accounts = Devnet.Node.Accounts;

        Assert.Equal(10, accounts.Count);
        Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", accounts[0].Address.ToString());
        foreach (var account in accounts)
            Assert.Equal(TenThousandEth, await Devnet.GetBalanceAsync(account.Address));
    }

    [Fact]
    public async Task Node_reports_the_published_accounts_in_order()
    {
        var nodeAccounts = (await Devnet.CallAsync("eth_accounts")).Select(e => e.ToObject<string>()!).Take(10).ToList();

        Assert.Equal(HardhatDevAccounts.PublishedDevKeys.Select(a => a.Address.ToLowerHex()), nodeAccounts.Select(a => a.ToLowerInvariant()));
    }

    [Fact]
    public async Task Revert_undoes_state_changed_after_the_snapshot()
    {
        const string address = "0x000000000000000000000000000000000000bEEF";
        Assert.Equal(BigInteger.Zero, await Devnet.GetBalanceAsync(address));

        var snapshot = await Devnet.SnapshotAsync();
        await Devnet.SetBalanceAsync(address, 12345);
        Assert.Equal(new BigInteger(12345), await Devnet.GetBalanceAsync(address));

        Assert.True(await Devnet.RevertAsync(snapshot));
        Assert.Equal(BigInteger.Zero, await Devnet.GetBalanceAsync(address));
        // Single-use: the same id cannot be reverted twice.
        Assert.False(await Devnet.RevertAsync(snapshot));
    }

    [Fact]
    public async Task Mined_blocks_are_rolled_back_by_the_base_class()
    {
        // Each test starts from the same block, whatever the previous tests mined (order is not guaranteed,
        // so this test mines and the check is that the start height is the fixture's, not a growing one).
        var start = await BlockNumberAsync();
        await Devnet.CallAsync("hardhat_mine", "0x5");
        Assert.Equal(start + 5, await BlockNumberAsync());
        Assert.Equal(0, start);
    }

    private async Task<long> BlockNumberAsync() => (long)(await Devnet.Eth.BlockNumberAsync()).Value;
}
