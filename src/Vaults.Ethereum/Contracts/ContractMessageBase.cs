using System.Numerics;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Contracts;

/// <summary>
/// Transaction overrides shared by function and deployment messages (Nethereum's names). Anything left null is
/// filled by the transaction manager: nonce from its nonce service, gas by estimation, fees from the network.
/// </summary>
public abstract class ContractMessageBase
{
    /// <summary>Wei sent with the call (payable functions).</summary>
    public BigInteger? AmountToSend { get; set; }

    /// <summary>Gas limit; estimated when null.</summary>
    public BigInteger? Gas { get; set; }

    /// <summary>Legacy gas price; when set, a legacy (EIP-155) transaction is sent.</summary>
    public BigInteger? GasPrice { get; set; }

    /// <summary>EIP-1559 fee cap.</summary>
    public BigInteger? MaxFeePerGas { get; set; }

    /// <summary>EIP-1559 tip.</summary>
    public BigInteger? MaxPriorityFeePerGas { get; set; }

    /// <summary>Sender for calls; transactions are always sent from the transaction manager's account.</summary>
    public Address? FromAddress { get; set; }

    /// <summary>Explicit nonce; taken from the nonce service when null.</summary>
    public BigInteger? Nonce { get; set; }

    /// <summary>The custom errors to decode reverts with: by default every error of the contracts bound in the same assembly.</summary>
    public virtual IReadOnlyList<AbiError> GetKnownErrors() => [];

    /// <summary>The ABI-encoded arguments in declaration order, in the ABI layer's value model.</summary>
    public abstract object?[] GetArguments();

    /// <summary>A transaction input with <paramref name="data"/> (hex) sent to <paramref name="to"/> (null: a creation), carrying the overrides.</summary>
    protected TransactionInput CreateTransactionInput(Address? to, string data) => new()
    {
        To = to?.ToLowerHex(),
        From = FromAddress?.ToLowerHex(),
        Data = data,
        Value = AmountToSend is { } v ? new HexBigInteger(v) : null,
        Gas = Gas is { } g ? new HexBigInteger(g) : null,
        GasPrice = GasPrice is { } gp ? new HexBigInteger(gp) : null,
        MaxFeePerGas = MaxFeePerGas is { } mf ? new HexBigInteger(mf) : null,
        MaxPriorityFeePerGas = MaxPriorityFeePerGas is { } mp ? new HexBigInteger(mp) : null,
        Nonce = Nonce is { } n ? new HexBigInteger(n) : null,
    };
}
