using System.Buffers;
using System.Collections;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Abi;

/// <summary>
/// A contract event: topic0, log decoding, and topic encoding for filters. Indexed inputs of dynamic or composite
/// type (string, bytes, arrays, tuples) are stored in the log as the keccak256 hash of their in-place encoding and
/// therefore decode to that 32-byte hash (byte[]), not to the original value.
/// </summary>
public sealed class AbiEvent
{
    private readonly byte[] _topic0;
    private readonly AbiType[] _dataTypes;

    /// <summary>Creates an event description.</summary>
    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(inputs);
        Name = name;
        Inputs = inputs.ToArray();
        Anonymous = anonymous;
        Signature = AbiParameter.SignatureOf(name, Inputs);
        _topic0 = Keccak.Hash(Signature);
        _dataTypes = Inputs.Where(p => !p.Indexed).Select(p => p.Type).ToArray();
        int indexed = Inputs.Count(p => p.Indexed);
        if (indexed > (anonymous ? 4 : 3))
            throw new ArgumentException($"Event {Signature} has {indexed} indexed inputs; at most {(anonymous ? 4 : 3)} are allowed.", nameof(inputs));
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The inputs in declaration order, with their <see cref="AbiParameter.Indexed"/> flags.</summary>
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>True for anonymous events, which have no topic0.</summary>
    public bool Anonymous { get; }

    /// <summary>The canonical signature, e.g. "Transfer(address,address,uint256)".</summary>
    public string Signature { get; }

    /// <summary>keccak256(<see cref="Signature"/>), the first topic of non-anonymous events. Returns a copy.</summary>
    public byte[] Topic0 => (byte[])_topic0.Clone();

    internal ReadOnlySpan<byte> Topic0Span => _topic0;

    /// <summary>topic0 as "0xddf252ad...".</summary>
    public string Topic0Hex => HexConvert.ToHex(_topic0);

    /// <summary>True when an indexed input of this type is stored as a hash rather than as its value.</summary>
    public static bool IsHashedWhenIndexed(AbiType type) => type is not (UIntType or IntType or AddressType or BoolType or FixedBytesType);

    /// <summary>
    /// Decodes a log into its inputs in declaration order. Checks topic0 (unless anonymous) and the number of topics.
    /// Indexed string/bytes/array/tuple inputs come back as their 32-byte keccak hash.
    /// </summary>
    /// <exception cref="AbiDecodingException">Wrong topic0, wrong topic count, bad topic encoding or malformed data.</exception>
    public object?[] DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        int first = 0;
        if (!Anonymous)
        {
            if (topics.Count == 0 || topics[0] is null || !topics[0].AsSpan().SequenceEqual(_topic0))
                throw new AbiDecodingException($"Log topic0 is not {Topic0Hex} ({Signature}).");
            first = 1;
        }
        int expected = first + Inputs.Count(p => p.Indexed);
        if (topics.Count != expected)
            throw new AbiDecodingException($"Log of {Signature} should have {expected} topics, got {topics.Count}.");

        var nonIndexed = AbiDecoder.Decode(_dataTypes, data);
        var result = new object?[Inputs.Count];
        int topic = first, dataIndex = 0;
        for (int i = 0; i < Inputs.Count; i++)
        {
            var p = Inputs[i];
            if (!p.Indexed) { result[i] = nonIndexed[dataIndex++]; continue; }
            var t = topics[topic++];
            if (t is null || t.Length != 32)
                throw new AbiDecodingException($"Topic {topic - 1} of {Signature} is {(t?.Length ?? 0)} bytes, expected 32.");
            result[i] = IsHashedWhenIndexed(p.Type) ? (byte[])t.Clone() : AbiDecoder.Decode(p.Type, t);
        }
        return result;
    }

    /// <summary>
    /// Encodes a value as the topic of input <paramref name="inputIndex"/> (for eth_getLogs filters): value types are
    /// ABI-encoded into 32 bytes; string, bytes, arrays and tuples are hashed as the spec prescribes.
    /// </summary>
    public byte[] EncodeTopic(int inputIndex, object? value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, Inputs.Count);
        var p = Inputs[inputIndex];
        try
        {
            if (!IsHashedWhenIndexed(p.Type)) return AbiEncoder.Encode(p.Type, value);
            var writer = new ArrayBufferWriter<byte>();
            WriteInPlace(p.Type, value, writer, nested: false);
            return Keccak.Hash(writer.WrittenSpan);
        }
        catch (AbiEncodingException e) { throw e.Under(string.IsNullOrEmpty(p.Name) ? "#" + inputIndex : p.Name); }
    }

    /// <summary>The spec's "in-place" encoding of indexed composite values, whose keccak is the topic.</summary>
    private static void WriteInPlace(AbiType type, object? value, ArrayBufferWriter<byte> writer, bool nested)
    {
        switch (type)
        {
            case StringType or BytesType:
            {
                var raw = type is StringType
                    ? (value is string s ? AbiEncoder.StrictUtf8.GetBytes(s) : throw AbiEncoder.WrongType(type, value, "a string"))
                    : value switch
                    {
                        byte[] b => b,
                        ReadOnlyMemory<byte> m => m.ToArray(),
                        _ => throw AbiEncoder.WrongType(type, value, "byte[] or ReadOnlyMemory<byte>"),
                    };
                writer.Write(raw);
                if (nested) writer.Write(new byte[AbiEncoder.Pad32(raw.Length) - raw.Length]);
                return;
            }
            case ArrayType a:
            {
                var list = value as IList ?? throw AbiEncoder.WrongType(type, value, "a list");
                if (a.Length is { } n && list.Count != n)
                    throw new AbiEncodingException(null, type.CanonicalName, $"expected exactly {n} elements, got {list.Count}");
                for (int i = 0; i < list.Count; i++) WriteInPlace(a.Element, list[i], writer, nested: true);
                return;
            }
            case TupleType t:
            {
                var list = value as IList ?? throw AbiEncoder.WrongType(type, value, "a list");
                if (list.Count != t.Components.Count)
                    throw new AbiEncodingException(null, type.CanonicalName, $"expected {t.Components.Count} tuple components, got {list.Count}");
                for (int i = 0; i < list.Count; i++) WriteInPlace(t.Components[i], list[i], writer, nested: true);
                return;
            }
            default:
                writer.Write(AbiEncoder.Encode(type, value));
                return;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Signature;
}
