using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Contracts;

/// <summary>A call to one contract function: the generated <c>XFunction</c> classes derive from it.</summary>
public abstract class FunctionMessage : ContractMessageBase
{
    /// <summary>The function's ABI (selector, inputs, outputs).</summary>
    public abstract AbiFunction GetFunctionAbi();

    /// <summary>Selector plus encoded arguments.</summary>
    public byte[] GetCallData() => GetFunctionAbi().EncodeCall(GetArguments());

    /// <summary>An eth_call input for this message at <paramref name="contractAddress"/>.</summary>
    public CallInput CreateCallInput(Address contractAddress, Address? defaultFrom = null) => new()
    {
        To = contractAddress.ToLowerHex(),
        From = (FromAddress ?? defaultFrom)?.ToLowerHex(),
        Data = HexConvert.ToHex(GetCallData()),
        Value = AmountToSend is { } v ? new HexBigInteger(v) : null,
    };

    /// <summary>A transaction input for this message at <paramref name="contractAddress"/>, carrying the overrides.</summary>
    public TransactionInput CreateTransactionInput(Address contractAddress) => CreateTransactionInput(contractAddress, HexConvert.ToHex(GetCallData()));
}
