namespace Vaults.Ethereum.Abi;

/// <summary>A contract constructor: deployment data is the creation bytecode followed by the ABI-encoded arguments.</summary>
public sealed class AbiConstructor
{
    private readonly AbiType[] _types;

    /// <summary>Creates a constructor description.</summary>
    public AbiConstructor(IReadOnlyList<AbiParameter> inputs, string stateMutability = "nonpayable")
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Inputs = inputs.ToArray();
        StateMutability = stateMutability ?? "nonpayable";
        _types = AbiParameter.TypesOf(Inputs);
    }

    /// <summary>The constructor parameters.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>"nonpayable" or "payable".</summary>
    public string StateMutability { get; }

    /// <summary>Creation bytecode + encoded constructor arguments: the data of a contract-creation transaction.</summary>
    public byte[] EncodeDeployment(byte[] bytecode, IReadOnlyList<object?> args)
    {
        ArgumentNullException.ThrowIfNull(bytecode);
        return AbiEncoder.Encode(_types, args, Inputs, bytecode);
    }

    /// <summary>Decodes the constructor arguments appended to known creation bytecode.</summary>
    public object?[] DecodeArguments(ReadOnlySpan<byte> encodedArguments) => AbiDecoder.Decode(_types, encodedArguments);
}
