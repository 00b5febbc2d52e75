using System;
using System.Collections.Generic;
using System.Linq;

namespace Vaults.Ethereum.Generators;

/// <summary>One ABI parameter as the JSON ABI declares it (type may be "tuple[]" with components).</summary>
internal sealed class AbiParam
{
    public string Name = "";
    public string Type = "";
    public string? InternalType;
    public bool Indexed;
    public List<AbiParam> Components = new();

    /// <summary>The canonical type used in signatures: tuples spelled out as (a,b).</summary>
    public string Canonical => Type.StartsWith("tuple", StringComparison.Ordinal)
        ? "(" + string.Join(",", Components.Select(c => c.Canonical)) + ")" + Type.Substring(5)
        : Type;

    public static AbiParam FromJson(Dictionary<string, object?> json)
    {
        var p = new AbiParam
        {
            Name = json.TryGetValue("name", out var n) ? n as string ?? "" : "",
            Type = (string)json["type"]!,
            InternalType = json.TryGetValue("internalType", out var it) ? it as string : null,
            Indexed = json.TryGetValue("indexed", out var ix) && ix is true,
        };
        if (json.TryGetValue("components", out var comps) && comps is List<object?> list)
            p.Components = list.Select(c => FromJson((Dictionary<string, object?>)c!)).ToList();
        return p;
    }
}

/// <summary>A function, event, error or constructor entry of a JSON ABI.</summary>
internal sealed class AbiEntry
{
    public string Kind = "";
    public string Name = "";
    public string StateMutability = "";
    public bool Anonymous;
    public List<AbiParam> Inputs = new();
    public List<AbiParam> Outputs = new();

    public string Signature => Name + "(" + string.Join(",", Inputs.Select(i => i.Canonical)) + ")";
    public bool IsReadOnly => StateMutability == "view" || StateMutability == "pure";

    public static AbiEntry FromJson(Dictionary<string, object?> json)
    {
        static List<AbiParam> Params(Dictionary<string, object?> j, string key) =>
            j.TryGetValue(key, out var v) && v is List<object?> list
                ? list.Select(x => AbiParam.FromJson((Dictionary<string, object?>)x!)).ToList()
                : new List<AbiParam>();
        return new AbiEntry
        {
            Kind = (string)json["type"]!,
            Name = json.TryGetValue("name", out var n) ? n as string ?? "" : "",
            StateMutability = json.TryGetValue("stateMutability", out var sm) ? sm as string ?? "" : "",
            Anonymous = json.TryGetValue("anonymous", out var an) && an is true,
            Inputs = Params(json, "inputs"),
            Outputs = Params(json, "outputs"),
        };
    }
}

/// <summary>A compiled contract as a Hardhat artifact describes it.</summary>
internal sealed class ContractModel
{
    public string Name = "";
    public string SourceName = "";
    public string Bytecode = "0x";
    public bool HasLinkReferences;
    public string AbiJson = "[]";
    public List<AbiEntry> Entries = new();

    public IEnumerable<AbiEntry> Functions => Entries.Where(e => e.Kind == "function");
    public IEnumerable<AbiEntry> Events => Entries.Where(e => e.Kind == "event");
    public IEnumerable<AbiEntry> Errors => Entries.Where(e => e.Kind == "error");
    public AbiEntry? Constructor => Entries.FirstOrDefault(e => e.Kind == "constructor");
    public bool IsDeployable => Bytecode.Length > 2 && !HasLinkReferences;

    public static ContractModel? FromArtifact(string json)
    {
        if (MiniJson.Parse(json) is not Dictionary<string, object?> root) return null;
        if (!root.TryGetValue("contractName", out var name) || name is not string contractName) return null;
        if (!root.TryGetValue("abi", out var abi) || abi is not List<object?> abiList) return null;
        var model = new ContractModel
        {
            Name = contractName,
            SourceName = root.TryGetValue("sourceName", out var s) ? s as string ?? "" : "",
            Bytecode = root.TryGetValue("bytecode", out var b) ? b as string ?? "0x" : "0x",
            HasLinkReferences = root.TryGetValue("linkReferences", out var lr) && lr is Dictionary<string, object?> refs && refs.Count > 0,
            AbiJson = JsonWriter.Write(abiList),
            Entries = abiList.Select(e => AbiEntry.FromJson((Dictionary<string, object?>)e!)).ToList(),
        };
        return model;
    }
}
