using System.Numerics;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Web3.Accounts;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Vaults.Integration.Tests.Contracts.RoundTrip;
using Vaults.Integration.Tests.Contracts.RoundTrip.ContractDefinition;
using Vaults.Integration.Tests.Devnet;

namespace Vaults.Integration.Tests.Ethereum;

/// <summary>
/// <see cref="VaultsTransactionManager"/> (Nethereum's AccountSignerTransactionManager with the project's send policy) against a real node: nonces under concurrency, the guards that must stop a
/// transaction before it is sent (fee cap, chain id, no account), receipt timeouts, recovery after a rejected send,
/// legacy transactions and keystore accounts.
/// </summary>
public class TransactionManagerTests(DevnetFixture devnet) : DevnetTest(devnet)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private bool _automineOff;

    private Task<RoundTripService> DeployAsync(int start = 0) =>
        RoundTripService.DeployContractAndGetServiceAsync(Web3(), new RoundTripDeployment { Greeting = "tm", Start = start });

    private Web3 Web3With(int account, VaultsTransactionManagerOptions options) =>
        Devnet.CreateWeb3(account, options with { ReceiptPollInterval = Poll });

    private Task<BigInteger> ChainNonceAsync(Address address, BlockParameter? block = null) =>
        Devnet.Eth.GetTransactionCountAsync(address, block ?? BlockParameter.CreatePending()).ContinueWith(t => t.Result.Value);

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        // evm_revert does not restore the mining mode: put automine back before anything else runs on the shared node.
        if (_automineOff) await Devnet.DevTools.SetAutomineAsync(true);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Twenty_concurrent_sends_from_one_account_all_succeed_with_consecutive_nonces()
    {
        var service = await DeployAsync();
        var sender = Devnet.Node.Accounts[0].Address;
        var firstNonce = await ChainNonceAsync(sender);

        var receipts = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => service.AddRequestAndWaitForReceiptAsync(i)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.All(receipts, r => Assert.True(r.Succeeded()));
        var nonces = new List<BigInteger>();
        foreach (var receipt in receipts)
            nonces.Add((await Devnet.Eth.GetTransactionByHashAsync(receipt.TransactionHash))!.Nonce.Value);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => firstNonce + i), nonces.Order());
        Assert.Equal(firstNonce + 20, await ChainNonceAsync(sender));
        Assert.Equal(20 * 21 / 2, await service.CounterQueryAsync());
    }

    [Fact]
    public async Task A_fee_cap_below_the_base_fee_throws_FeeCapExceeded_and_sends_nothing()
    {
        var service = await DeployAsync();
        var latest = await Devnet.Eth.GetBlockByNumberAsync(BlockParameter.CreateLatest());
        var baseFee = latest!.BaseFeePerGas!.Value;
        Assert.True(baseFee > 1);
        var capped = new RoundTripService(Web3With(0, new VaultsTransactionManagerOptions { MaxFeePerGasCap = baseFee / 2 }), service.ContractAddress);
        var sender = Devnet.Node.Accounts[0].Address;
        var nonceBefore = await ChainNonceAsync(sender);
        var blockBefore = await Devnet.Eth.BlockNumberAsync();

        var ex = await Assert.ThrowsAsync<FeeCapExceededException>(() => capped.AddRequestAndWaitForReceiptAsync(1));

        Assert.Equal(baseFee / 2, ex.Cap);
        Assert.True(ex.Required >= baseFee);
        Assert.Equal(nonceBefore, await ChainNonceAsync(sender));
        Assert.Equal(blockBefore, await Devnet.Eth.BlockNumberAsync());
        Assert.Equal(0, await service.CounterQueryAsync());
    }

    [Fact]
    public async Task An_account_for_another_chain_throws_ChainIdMismatch_naming_both_ids_and_sends_nothing()
    {
        var service = await DeployAsync();
        var dev = Devnet.Node.Accounts[0];
        var wrongChain = VaultsTransactionManager.CreateWeb3(new Account(dev.PrivateKey, chainId: 1), Devnet.Client);
        var nonceBefore = await ChainNonceAsync(dev.Address);
        var blockBefore = await Devnet.Eth.BlockNumberAsync();

        var ex = await Assert.ThrowsAsync<ChainIdMismatchException>(() =>
            new RoundTripService(wrongChain, service.ContractAddress).AddRequestAndWaitForReceiptAsync(1));

        Assert.Equal(1, ex.Expected);
        Assert.Equal(31337, ex.Actual);
        Assert.Contains("chain id 1 ", ex.Message);
        Assert.Contains("chain id 31337", ex.Message);
        Assert.Equal(nonceBefore, await ChainNonceAsync(dev.Address));
        Assert.Equal(blockBefore, await Devnet.Eth.BlockNumberAsync());
    }

    [Fact]
    public async Task Without_mining_the_receipt_wait_times_out_naming_the_hash_and_the_receipt_appears_after_evm_mine()
    {
        var service = await DeployAsync();
        var impatient = new RoundTripService(Web3With(0, new VaultsTransactionManagerOptions { ReceiptTimeout = TimeSpan.FromMilliseconds(300) }), service.ContractAddress);
        _automineOff = true;
        await Devnet.DevTools.SetAutomineAsync(false);

        var ex = await Assert.ThrowsAsync<TransactionReceiptTimeoutException>(() => impatient.AddRequestAndWaitForReceiptAsync(5));

        Assert.Matches("^0x[0-9a-f]{64}$", ex.TransactionHash);
        Assert.Contains(ex.TransactionHash, ex.Message);
        Assert.Null(await Devnet.Eth.GetTransactionReceiptAsync(ex.TransactionHash));
        Assert.NotNull(await Devnet.Eth.GetTransactionByHashAsync(ex.TransactionHash)); // pending, not lost

        await Devnet.DevTools.MineAsync();

        var receipt = await Devnet.Eth.GetTransactionReceiptAsync(ex.TransactionHash);
        Assert.NotNull(receipt);
        Assert.True(receipt!.Succeeded());
        Assert.Equal(5, await service.CounterQueryAsync());
    }

    [Fact]
    public async Task A_send_the_node_rejects_resynchronises_the_nonce_so_the_next_send_works()
    {
        var service = await DeployAsync();
        var sender = Devnet.Node.Accounts[1].Address;
        var account1 = new RoundTripService(Web3(1), service.ContractAddress);
        // Prime the local nonce counter: without a reset after the failure it would run one ahead of the chain.
        await account1.AddRequestAndWaitForReceiptAsync(1);
        var balance = await Devnet.GetBalanceAsync(sender);
        var nonceBefore = await ChainNonceAsync(sender);

        await Devnet.SetBalanceAsync(sender, 0);
        // Explicit gas skips estimation, so the rejection comes from eth_sendRawTransaction itself.
        var rejected = await Assert.ThrowsAsync<RpcResponseException>(() =>
            account1.AddRequestAndWaitForReceiptAsync(new AddFunction { Amount = 2, Gas = 100_000 }));
        Assert.Contains("fund", rejected.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(nonceBefore, await ChainNonceAsync(sender));

        await Devnet.SetBalanceAsync(sender, balance);
        var receipt = await account1.AddRequestAndWaitForReceiptAsync(3);

        Assert.True(receipt.Succeeded());
        Assert.Equal(nonceBefore, (await Devnet.Eth.GetTransactionByHashAsync(receipt.TransactionHash))!.Nonce.Value);
        Assert.Equal(4, await service.CounterQueryAsync());
    }

    [Fact]
    public async Task Legacy_transactions_are_signed_with_a_gas_price_and_mined()
    {
        var service = await DeployAsync();
        var web3 = Web3With(0, new VaultsTransactionManagerOptions());
        web3.TransactionManager.UseLegacyAsDefault = true; // Nethereum's own switch
        var legacy = new RoundTripService(web3, service.ContractAddress);

        var receipt = await legacy.AddRequestAndWaitForReceiptAsync(4);

        Assert.True(receipt.Succeeded());
        Assert.Equal(0, receipt.Type.Value);
        var mined = await Devnet.Eth.GetTransactionByHashAsync(receipt.TransactionHash);
        Assert.Equal(0, mined!.Type.Value);
        Assert.NotNull(mined.GasPrice);
        Assert.Null(mined.MaxFeePerGas);
        Assert.Equal(4, await service.CounterQueryAsync());
    }

    [Fact]
    public async Task An_account_loaded_from_a_keystore_sends_a_transaction_the_node_attributes_to_it()
    {
        var service = await DeployAsync();
        var key = EthECKey.GenerateKey();
        var expected = new Account(key).Address;
        // A small scrypt N keeps the test fast; the decryption reads N from the JSON.
        var json = KeyStoreAccounts.Encrypt(new Account(key), "correct horse", scryptN: 1 << 10);
        var loaded = KeyStoreAccounts.Load(json, "correct horse", Devnet.Node.ChainId);
        Assert.Equal(expected, loaded.Address);
        await Devnet.SetBalanceAsync(loaded.Address, BigInteger.Pow(10, 18));
        var web3 = VaultsTransactionManager.CreateWeb3(loaded, Devnet.Client, new VaultsTransactionManagerOptions { ReceiptPollInterval = Poll });

        var receipt = await new RoundTripService(web3, service.ContractAddress).AddRequestAndWaitForReceiptAsync(9);

        Assert.True(receipt.Succeeded());
        Assert.Equal(Address.Parse(loaded.Address), Address.Parse(receipt.From));
        var added = Assert.Single(receipt.DecodeAllEvents<AddedEventDTO>());
        Assert.Equal(Address.Parse(loaded.Address), Address.Parse(added.Event.By));
    }
}
