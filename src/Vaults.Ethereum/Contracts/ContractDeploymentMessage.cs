using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.Contracts;

/// <summary>A contract creation: bytecode plus encoded constructor arguments. Generated <c>XDeployment</c> classes derive from it.</summary>
public abstract class ContractDeploymentMessage(string byteCode) : ContractMessageBase
{
    /// <summary>The creation bytecode, "0x"-prefixed.</summary>
    public string ByteCode { get; } = byteCode;

    /// <summary>The constructor's ABI, or null when the contract declares none.</summary>
    public abstract AbiConstructor? GetConstructorAbi();

    /// <summary>Bytecode followed by the ABI-encoded constructor arguments.</summary>
    public byte[] GetDeploymentData()
    {
        var code = HexConvert.ToBytes(ByteCode);
        if (code.Length == 0) throw new InvalidOperationException("This contract has no creation bytecode (an interface or abstract contract cannot be deployed).");
        var ctor = GetConstructorAbi();
        return ctor is null ? code : ctor.EncodeDeployment(code, GetArguments());
    }

    /// <summary>A creation transaction (no recipient) carrying the overrides.</summary>
    public TransactionInput CreateTransactionInput() => CreateTransactionInput(null, HexConvert.ToHex(GetDeploymentData()));
}
