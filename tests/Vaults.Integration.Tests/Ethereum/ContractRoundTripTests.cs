using Nethereum.Hex.HexConvertors.Extensions;
using System.Numerics;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Util;
using Vaults.Integration.Tests.Contracts;
using Vaults.Integration.Tests.Contracts.RoundTrip;
using Vaults.Integration.Tests.Contracts.RoundTrip.ContractDefinition;
using Vaults.Integration.Tests.Devnet;

namespace Vaults.Integration.Tests.Ethereum;

/// <summary>
/// The first round trip on a real node: deploy from C# with a locally signed transaction, call, send,
/// read an event, and catch reverts decoded by name. Everything goes through the generated bindings, that is through
/// Nethereum's encoders, decoders, signer and contract handlers.
/// </summary>
public class ContractRoundTripTests(DevnetFixture devnet) : DevnetTest(devnet)
{
    private Task<RoundTripService> DeployAsync(string greeting = "hello", int start = 7) =>
        RoundTripService.DeployContractAndGetServiceAsync(Web3(), new RoundTripDeployment { Greeting = greeting, Start = start });

    [Fact]
    public async Task Deploy_sends_a_locally_signed_creation_and_the_constructor_arguments_arrive()
    {
        var receipt = await RoundTripService.DeployContractAndWaitForReceiptAsync(Web3(), new RoundTripDeployment { Greeting = "héllo, vaults", Start = 42 });

        Assert.True(receipt.Succeeded());
        Assert.Equal(Devnet.Node.Accounts[0].Address, Address.Parse(receipt.From));
        var service = new RoundTripService(Web3(), Address.Parse(receipt.ContractAddress!));
        Assert.Equal("héllo, vaults", await service.GreetingQueryAsync());
        Assert.Equal(42, await service.CounterQueryAsync());

        // The node holds exactly the signed bytes we produced: decode the mined transaction and recover its sender.
        var mined = await Devnet.Eth.GetTransactionByHashAsync(receipt.TransactionHash);
        Assert.NotNull(mined);
        Assert.Null(mined!.To);
    }

    [Fact]
    public async Task Send_changes_state_and_emits_a_decodable_event()
    {
        var service = await DeployAsync(start: 7);

        var receipt = await service.AddRequestAndWaitForReceiptAsync(amount: 5);

        Assert.Equal(12, await service.CounterQueryAsync());
        var added = Assert.Single(receipt.DecodeAllEvents<AddedEventDTO>());
        Assert.Equal(Devnet.Node.Accounts[0].Address, added.Event.By);
        Assert.Equal(5, added.Event.Amount);
        Assert.Equal(12, added.Event.Total);
        Assert.Equal(receipt.TransactionHash, added.Log.TransactionHash);
    }

    [Fact]
    public async Task Events_are_found_by_log_filter_with_an_indexed_argument()
    {
        var service = await DeployAsync(start: 0);
        await service.AddRequestAndWaitForReceiptAsync(1);
        await new RoundTripService(Web3(1), service.ContractAddress).AddRequestAndWaitForReceiptAsync(2);
        await service.AddRequestAndWaitForReceiptAsync(3);

        var addedEvent = service.GetAddedEvent();
        var all = await addedEvent.GetAllChangesAsync(addedEvent.CreateFilterInput());
        var byAccount1 = await addedEvent.GetAllChangesAsync(addedEvent.CreateFilterInput(Devnet.Node.Accounts[1].Address.ToString()));

        Assert.Equal([1, 2, 3], all.Select(e => (int)e.Event.Amount));
        Assert.Equal([1, 3, 6], all.Select(e => (int)e.Event.Total));
        var only = Assert.Single(byAccount1);
        Assert.Equal(2, only.Event.Amount);
    }

    [Fact]
    public async Task A_custom_error_is_decoded_by_name_and_nothing_is_sent()
    {
        var service = await DeployAsync(start: 7);
        var blockBefore = await Devnet.Eth.BlockNumberAsync();

        var ex = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() => service.AddRequestAndWaitForReceiptAsync(1001));

        Assert.True(ex.IsCustomErrorFor<AmountTooLargeError>());
        var error = ex.DecodeError<AmountTooLargeError>();
        Assert.Equal(1001, error.Amount);
        Assert.Equal(1000, error.Max);
        Assert.Equal("Smart contract error -- AmountTooLarge(amount: 1001, max: 1000)", CustomErrors.Describe(ex, GeneratedContractErrors.All));
        Assert.Equal(blockBefore, await Devnet.Eth.BlockNumberAsync());
        Assert.Equal(7, await service.CounterQueryAsync());
    }

    [Fact]
    public async Task A_reverting_transaction_sent_with_explicit_gas_is_mined_and_reported_with_its_error()
    {
        var service = await DeployAsync(start: 7);

        // With the gas given, estimation (our simulation) is skipped: Hardhat mines the failing transaction.
        var ex = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() =>
            service.AddRequestAndWaitForReceiptAsync(new AddFunction { Amount = 2000, Gas = 100_000 }));
        Assert.Equal("AmountTooLarge", CustomErrors.Decode(ex, GeneratedContractErrors.All)?.Name);

        // The nonce service re-synchronised: the next transaction goes through.
        await service.AddRequestAndWaitForReceiptAsync(1);
        Assert.Equal(8, await service.CounterQueryAsync());
    }

    [Fact]
    public async Task Require_strings_and_panics_are_decoded()
    {
        var service = await DeployAsync();

        var reason = await Assert.ThrowsAsync<SmartContractRevertException>(() => service.FailWithReasonQueryAsync());
        Assert.Equal("nope", reason.RevertMessage);

        // Nethereum decodes Error(string) itself; a Panic(uint256) comes back as custom-error data carrying the panic code.
        var panic = await Assert.ThrowsAsync<SmartContractCustomErrorRevertException>(() => service.FailWithPanicQueryAsync());
        Assert.Equal("0x4e487b71" + new string('0', 62) + "12", panic.ExceptionEncodedData);
    }

    [Fact]
    public async Task Nested_tuple_arrays_strings_and_bytes_survive_the_round_trip_through_the_evm()
    {
        var service = await DeployAsync();
        var items = new List<Item>
        {
            new() { Id = 1, Delta = -5, Who = Devnet.Node.Accounts[1].Address },
            new() { Id = BigInteger.Pow(2, 255), Delta = -BigInteger.Pow(2, 255), Who = Address.Zero },
        };
        var blob = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

        var output = await service.EchoQueryAsync(items, "unicode ✓ note", blob);

        Assert.Equal(2, output.ReturnValue1.Count);
        Assert.Equal(items[0].Delta, output.ReturnValue1[0].Delta);
        Assert.Equal(items[1].Id, output.ReturnValue1[1].Id);
        Assert.Equal(items[1].Delta, output.ReturnValue1[1].Delta);
        Assert.Equal(items[0].Who, output.ReturnValue1[0].Who); // Nethereum decodes addresses checksummed
        Assert.Equal("unicode ✓ note", output.ReturnValue2);
        Assert.Equal(blob, output.ReturnValue3);
    }

    [Fact]
    public async Task Signed_transactions_decode_back_to_the_sender_the_node_saw()
    {
        var service = await DeployAsync();
        var signed = await service.ContractHandler.SignTransactionAsync(new AddFunction { Amount = 3 });

        var sender = TransactionVerificationAndRecovery.GetSenderAddress(signed);
        var hash = await Devnet.Eth.SendRawTransactionAsync(signed);
        var receipt = await Devnet.Eth.GetTransactionReceiptAsync(hash);

        Assert.Equal(TransactionUtils.CalculateTransactionHash(signed).EnsureHexPrefix(), hash);
        Assert.Equal(Address.Parse(sender), Address.Parse(receipt!.From));
        Assert.True(receipt.Succeeded());
    }
}
