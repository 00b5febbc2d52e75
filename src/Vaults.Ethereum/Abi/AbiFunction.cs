using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Abi;

/// <summary>A contract function: its signature, 4-byte selector, call encoding and output decoding.</summary>
public sealed class AbiFunction
{
    private readonly AbiType[] _inputTypes;
    private readonly AbiType[] _outputTypes;
    private readonly byte[] _selector;

    /// <summary>Creates a function description.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="inputs">The inputs, in order.</param>
    /// <param name="outputs">The outputs, in order (none when null).</param>
    /// <param name="stateMutability">"pure", "view", "nonpayable" (the default) or "payable", as in the JSON ABI.</param>
    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter>? outputs = null, string stateMutability = "nonpayable")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = inputs.ToArray();
        Outputs = (outputs ?? []).ToArray();
        StateMutability = stateMutability ?? "nonpayable";
        _inputTypes = AbiParameter.TypesOf(Inputs);
        _outputTypes = AbiParameter.TypesOf(Outputs);
        Signature = AbiParameter.SignatureOf(name, Inputs);
        _selector = Keccak.Hash(Signature)[..4];
    }

    /// <summary>
    /// Creates a function from a signature such as "transfer(address,uint256)" and optional output types
    /// ("(uint256,bool)" style list, e.g. <c>FromSignature("balanceOf(address)", "uint256")</c>). Parameters are unnamed.
    /// </summary>
    public static AbiFunction FromSignature(string signature, params string[] outputTypes)
    {
        var (name, inputs) = ParseSignature(signature);
        var outputs = outputTypes.Select(t => new AbiParameter("", AbiType.Parse(t))).ToArray();
        return new AbiFunction(name, inputs, outputs);
    }

    internal static (string Name, AbiParameter[] Inputs) ParseSignature(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        int open = signature.IndexOf('(');
        if (open <= 0 || !signature.EndsWith(')')) throw new AbiTypeException(signature, "expected a signature like name(type1,type2)");
        var name = signature[..open].Trim();
        var list = signature[open..];
        if (list == "()") return (name, []);
        if (AbiType.Parse(list) is not TupleType tuple) throw new AbiTypeException(signature, "expected a parameter list");
        return (name, tuple.Components.Select(c => new AbiParameter("", c)).ToArray());
    }

    /// <summary>The function name.</summary>
    public string Name { get; }

    /// <summary>The inputs.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The outputs.</summary>
    public IReadOnlyList<AbiParameter> Outputs { get; }

    /// <summary>"pure", "view", "nonpayable" or "payable".</summary>
    public string StateMutability { get; }

    /// <summary>True for view and pure functions (call them with eth_call).</summary>
    public bool IsReadOnly => StateMutability is "view" or "pure";

    /// <summary>The canonical signature, e.g. "transfer(address,uint256)".</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector: the first 4 bytes of keccak256(<see cref="Signature"/>). Returns a copy.</summary>
    public byte[] Selector => (byte[])_selector.Clone();

    /// <summary>The selector as "0xa9059cbb".</summary>
    public string SelectorHex => HexConvert.ToHex(_selector);

    /// <summary>Encodes call data: selector + arguments.</summary>
    /// <exception cref="AbiEncodingException">An argument does not match its type; the message names the parameter.</exception>
    public byte[] EncodeCall(IReadOnlyList<object?> args) => AbiEncoder.Encode(_inputTypes, args, Inputs, _selector);

    /// <summary>Decodes the return data of a call.</summary>
    public object?[] DecodeOutput(ReadOnlySpan<byte> returnData) => AbiDecoder.Decode(_outputTypes, returnData);

    /// <summary>Decodes call data (selector + arguments), checking the selector.</summary>
    public object?[] DecodeInput(ReadOnlySpan<byte> calldataWithSelector)
    {
        if (calldataWithSelector.Length < 4 || !calldataWithSelector[..4].SequenceEqual(_selector))
            throw new AbiDecodingException($"Call data does not start with the selector {SelectorHex} of {Signature}.");
        return AbiDecoder.Decode(_inputTypes, calldataWithSelector[4..]);
    }

    /// <inheritdoc />
    public override string ToString() => Signature;
}
