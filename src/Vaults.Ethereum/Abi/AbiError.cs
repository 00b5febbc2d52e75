using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Abi;

/// <summary>A Solidity custom error (<c>error InsufficientBalance(uint256 available, uint256 required)</c>).</summary>
public sealed class AbiError
{
    private readonly AbiType[] _types;
    private readonly byte[] _selector;

    /// <summary>Creates an error description.</summary>
    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = inputs.ToArray();
        _types = AbiParameter.TypesOf(Inputs);
        Signature = AbiParameter.SignatureOf(name, Inputs);
        _selector = Keccak.Hash(Signature)[..4];
    }

    /// <summary>Creates an error from a signature such as "InsufficientBalance(uint256,uint256)" (parameters unnamed).</summary>
    public static AbiError FromSignature(string signature)
    {
        var (name, inputs) = AbiFunction.ParseSignature(signature);
        return new AbiError(name, inputs);
    }

    /// <summary>The built-in <c>Error(string)</c> used by <c>require(cond, "reason")</c> and <c>revert("reason")</c>.</summary>
    public static AbiError ErrorString { get; } = new("Error", [new AbiParameter("reason", StringType.Instance)]);

    /// <summary>The built-in <c>Panic(uint256)</c> raised by assert, overflow, division by zero and friends.</summary>
    public static AbiError Panic { get; } = new("Panic", [new AbiParameter("code", UIntType.Get(256))]);

    /// <summary>The error name.</summary>
    public string Name { get; }

    /// <summary>The parameters.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>The canonical signature, e.g. "InsufficientBalance(uint256,uint256)".</summary>
    public string Signature { get; }

    /// <summary>The 4-byte selector. Returns a copy.</summary>
    public byte[] Selector => (byte[])_selector.Clone();

    internal ReadOnlySpan<byte> SelectorSpan => _selector;

    /// <summary>The selector as "0x08c379a0".</summary>
    public string SelectorHex => HexConvert.ToHex(_selector);

    /// <summary>True when the revert data starts with this error's selector.</summary>
    public bool Matches(ReadOnlySpan<byte> dataWithSelector) => dataWithSelector.Length >= 4 && dataWithSelector[..4].SequenceEqual(_selector);

    /// <summary>Decodes revert data (selector + arguments), checking the selector.</summary>
    public object?[] Decode(ReadOnlySpan<byte> dataWithSelector)
    {
        if (!Matches(dataWithSelector))
            throw new AbiDecodingException($"Revert data does not start with the selector {SelectorHex} of {Signature}.");
        return AbiDecoder.Decode(_types, dataWithSelector[4..]);
    }

    /// <summary>Encodes revert data for this error (useful in tests and mocks).</summary>
    public byte[] Encode(IReadOnlyList<object?> args) => AbiEncoder.Encode(_types, args, Inputs, _selector);

    /// <inheritdoc />
    public override string ToString() => Signature;
}
