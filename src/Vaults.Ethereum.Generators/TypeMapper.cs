using System;
using System.Collections.Generic;
using System.Linq;

namespace Vaults.Ethereum.Generators;

/// <summary>
/// Maps Solidity ABI types to the C# types Nethereum's code generator uses: string for addresses, BigInteger for
/// wide integers, the exact .NET type for narrow ones, byte[] for bytes, List&lt;T&gt; for arrays and a struct
/// class for each tuple. Nethereum's attribute-driven encoder does the rest.
/// </summary>
internal sealed class TypeMapper
{
    private readonly Dictionary<string, AbiParam> _structs;
    private readonly string _contractName;

    public TypeMapper(string contractName, Dictionary<string, AbiParam> structs)
    {
        _contractName = contractName;
        _structs = structs;
    }

    /// <summary>The structs (tuple types) met so far, by generated class name.</summary>
    public IReadOnlyDictionary<string, AbiParam> Structs => _structs;

    /// <summary>The C# type of a parameter; an indexed dynamic event argument is its topic (the Keccak hash, as hex), as Nethereum decodes it.</summary>
    public string CsType(AbiParam p, bool indexedEvent = false)
    {
        if (indexedEvent && IsDynamicForTopics(p.Type)) return "string";
        return CsType(p.Type, p);
    }

    private string CsType(string type, AbiParam p)
    {
        if (type.EndsWith("]", StringComparison.Ordinal))
        {
            var inner = type.Substring(0, type.LastIndexOf('['));
            return "global::System.Collections.Generic.List<" + CsType(inner, p) + ">";
        }
        if (type == "tuple") return StructName(p);
        return Scalar(type);
    }

    /// <summary>The initialiser of a property, so lists and structs are never null when a message is encoded.</summary>
    public string DefaultValue(AbiParam p, bool indexedEvent = false)
    {
        var cs = CsType(p, indexedEvent);
        if (cs == "byte[]") return "global::System.Array.Empty<byte>()";
        if (cs.StartsWith("global::System.Collections.Generic.List<", StringComparison.Ordinal) || _structs.ContainsKey(cs)) return "new()";
        return "";
    }

    private static bool IsDynamicForTopics(string type) =>
        type == "string" || type == "bytes" || type.EndsWith("]", StringComparison.Ordinal) || type.StartsWith("tuple", StringComparison.Ordinal);

    /// <summary>The class name of a tuple type: the struct name from internalType ("struct MarginVault.Position" gives Position).</summary>
    public string StructName(AbiParam p)
    {
        string name;
        if (p.InternalType != null && p.InternalType.StartsWith("struct ", StringComparison.Ordinal))
        {
            name = p.InternalType.Substring(7);
            var bracket = name.IndexOf('[');
            if (bracket >= 0) name = name.Substring(0, bracket);
            var dot = name.LastIndexOf('.');
            if (dot >= 0) name = name.Substring(dot + 1);
        }
        else
        {
            name = Naming.Pascal(p.Name.Length > 0 ? p.Name : "Tuple") + "Tuple";
        }
        if (name == _contractName) name += "Struct";
        if (!_structs.ContainsKey(name)) _structs[name] = p;
        foreach (var c in p.Components.Where(c => c.Type.StartsWith("tuple", StringComparison.Ordinal))) StructName(c);
        return name;
    }

    private static string Scalar(string type)
    {
        switch (type)
        {
            case "address": return "string";
            case "bool": return "bool";
            case "string": return "string";
            case "bytes": return "byte[]";
            case "uint8": return "byte";
            case "uint16": return "ushort";
            case "uint32": return "uint";
            case "uint64": return "ulong";
            case "int8": return "sbyte";
            case "int16": return "short";
            case "int32": return "int";
            case "int64": return "long";
        }
        if (type.StartsWith("bytes", StringComparison.Ordinal)) return "byte[]";
        if (type.StartsWith("uint", StringComparison.Ordinal) || type.StartsWith("int", StringComparison.Ordinal)) return "global::System.Numerics.BigInteger";
        if (type == "function") return "byte[]";
        throw new NotSupportedException("ABI type '" + type + "' has no C# mapping");
    }
}
