using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.TestUSDC;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Contracts.VaultLens;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Integration.Tests.Devnet;

namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>
/// Base for tests on the deployed system: a snapshot before each test and a revert after, typed services for
/// every contract, and helpers in people's units (prices in quote units, amounts in whole tokens).
/// </summary>
[Collection(VaultsCollection.Name)]
public abstract class VaultsTest(VaultsFixture vaults) : IAsyncLifetime
{
    private readonly Dictionary<int, Web3> _web3s = [];
    private string? _snapshot;
    private ulong _nonce;

    /// <summary>The shared fixture.</summary>
    protected VaultsFixture Vaults { get; } = vaults;

    /// <summary>The node.</summary>
    protected DevnetFixture Devnet => Vaults.Devnet;

    /// <summary>The deployed addresses.</summary>
    protected VaultsDeployment Deployment => Vaults.Deployment;

    /// <summary>One signing Web3 per dev account per test.</summary>
    protected Web3 Web3(int account) => _web3s.TryGetValue(account, out var web3) ? web3 : _web3s[account] = Devnet.CreateWeb3(account);

    /// <summary>The address of dev account <paramref name="account"/>.</summary>
    protected Address AccountAddress(int account) => Devnet.Node.Accounts[account].Address;

    /// <summary>The factory as seen by <paramref name="account"/>.</summary>
    protected VaultFactoryService Factory(int account = 0) => new(Web3(account), Deployment.VaultFactory);

    /// <summary>The lens (read-only views).</summary>
    protected VaultLensService Lens => new(Web3(0), Deployment.VaultLens);

    /// <summary>The settlement token as seen by <paramref name="account"/>.</summary>
    protected TestUSDCService Token(int account = 0) => new(Web3(account), Deployment.SettlementToken);

    /// <summary>Whole tokens to base units (6 decimals).</summary>
    protected static BigInteger Usdc(decimal amount) => Units.ToBaseUnits(amount, 6);

    /// <summary>Base units (18 decimals) of a size or price.</summary>
    protected static BigInteger Wad(decimal amount) => Units.ToBaseUnits(amount, 18);

    /// <summary>Posts a new oracle price (in quote units) from the reporter, account 0.</summary>
    protected Task SetPriceAsync(decimal price) =>
        new PriceOracleService(Web3(0), Deployment.PriceOracle).SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(price, 8));

    /// <summary>Opens a vault for <paramref name="trader"/> and returns its address (from the VaultOpened event).</summary>
    protected Task<Address> OpenAsync(int trader, bool isLong, decimal collateral, decimal size, decimal? acceptablePrice = null) =>
        OpenInAsync(Deployment.MarketId, trader, isLong, collateral, size, acceptablePrice);

    /// <summary>Opens a vault in market <paramref name="marketId"/> for <paramref name="trader"/> and returns its address.</summary>
    protected async Task<Address> OpenInAsync(ulong marketId, int trader, bool isLong, decimal collateral, decimal size, decimal? acceptablePrice = null)
    {
        var acceptable = acceptablePrice is { } p ? Wad(p) : isLong ? Wad(100_000_000) : BigInteger.Zero;
        var receipt = await Factory(trader).OpenVaultRequestAndWaitForReceiptAsync(
            marketId, isLong, Usdc(collateral), Wad(size), acceptable, _nonce++);
        return receipt.DecodeAllEvents<VaultOpenedEventDTO>().Single().Event.Vault;
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => _snapshot = await Devnet.SnapshotAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_snapshot is not null && !await Devnet.RevertAsync(_snapshot))
            throw new InvalidOperationException($"evm_revert({_snapshot}) returned false; the chain state is no longer isolated.");
    }
}
