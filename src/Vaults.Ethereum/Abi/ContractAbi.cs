using System.Text.Json;

namespace Vaults.Ethereum.Abi;

/// <summary>
/// A contract's JSON ABI (the array solc, Hardhat and Foundry emit): functions, events, custom errors and the constructor.
/// Tuple parameters keep their component names and internal types; "fallback" and "receive" entries are ignored.
/// </summary>
public sealed class ContractAbi
{
    private ContractAbi(IReadOnlyList<AbiFunction> functions, IReadOnlyList<AbiEvent> events, IReadOnlyList<AbiError> errors, AbiConstructor constructor)
    {
        Functions = functions;
        Events = events;
        Errors = errors;
        Constructor = constructor;
    }

    /// <summary>Creates a contract ABI from descriptors (constructor defaults to one without inputs).</summary>
    public ContractAbi(IEnumerable<AbiFunction> functions, IEnumerable<AbiEvent>? events = null, IEnumerable<AbiError>? errors = null, AbiConstructor? constructor = null)
        : this(functions.ToArray(), (events ?? []).ToArray(), (errors ?? []).ToArray(), constructor ?? new AbiConstructor([]))
    {
    }

    /// <summary>The functions, in file order (overloads appear once per signature).</summary>
    public IReadOnlyList<AbiFunction> Functions { get; }

    /// <summary>The events, in file order.</summary>
    public IReadOnlyList<AbiEvent> Events { get; }

    /// <summary>The custom errors, in file order.</summary>
    public IReadOnlyList<AbiError> Errors { get; }

    /// <summary>The constructor; one without inputs when the ABI declares none.</summary>
    public AbiConstructor Constructor { get; }

    /// <summary>Parses a standard JSON ABI array (or an artifact object with an "abi" property).</summary>
    /// <exception cref="FormatException">The JSON is not an ABI.</exception>
    /// <exception cref="AbiTypeException">A parameter type is invalid.</exception>
    public static ContractAbi Parse(string jsonAbi)
    {
        ArgumentNullException.ThrowIfNull(jsonAbi);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(jsonAbi); }
        catch (JsonException e) { throw new FormatException($"The ABI is not valid JSON: {e.Message}", e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("abi", out var inner)) root = inner;
            if (root.ValueKind != JsonValueKind.Array) throw new FormatException("A JSON ABI must be an array of entries.");
            var functions = new List<AbiFunction>();
            var events = new List<AbiEvent>();
            var errors = new List<AbiError>();
            AbiConstructor? constructor = null;
            foreach (var entry in root.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object) throw new FormatException("Every ABI entry must be a JSON object.");
                var kind = GetString(entry, "type") ?? "function";
                switch (kind)
                {
                    case "function":
                        functions.Add(new AbiFunction(RequireName(entry, kind), ParseParameters(entry, "inputs"), ParseParameters(entry, "outputs"),
                            GetString(entry, "stateMutability") ?? LegacyMutability(entry)));
                        break;
                    case "event":
                        events.Add(new AbiEvent(RequireName(entry, kind), ParseParameters(entry, "inputs"),
                            entry.TryGetProperty("anonymous", out var anon) && anon.ValueKind == JsonValueKind.True));
                        break;
                    case "error":
                        errors.Add(new AbiError(RequireName(entry, kind), ParseParameters(entry, "inputs")));
                        break;
                    case "constructor":
                        constructor = new AbiConstructor(ParseParameters(entry, "inputs"), GetString(entry, "stateMutability") ?? LegacyMutability(entry));
                        break;
                    case "fallback":
                    case "receive":
                        break;
                    default:
                        throw new FormatException($"Unknown ABI entry type '{kind}'.");
                }
            }
            return new ContractAbi(functions, events, errors, constructor ?? new AbiConstructor([]));
        }
    }

    /// <summary>
    /// The function named <paramref name="name"/>, or with exactly that signature ("transfer(address,uint256)").
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such function.</exception>
    /// <exception cref="InvalidOperationException">The name is overloaded; pass the full signature instead.</exception>
    public AbiFunction GetFunction(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('('))
        {
            foreach (var f in Functions) if (f.Signature == name) return f;
            throw new KeyNotFoundException($"The ABI has no function with signature {name}.");
        }
        AbiFunction? found = null;
        foreach (var f in Functions)
        {
            if (f.Name != name) continue;
            if (found is not null)
                throw new InvalidOperationException($"Function '{name}' is overloaded ({string.Join(", ", Functions.Where(x => x.Name == name).Select(x => x.Signature))}); use the full signature.");
            found = f;
        }
        return found ?? throw new KeyNotFoundException($"The ABI has no function named '{name}'.");
    }

    /// <summary>The function with this 4-byte selector, or null.</summary>
    public AbiFunction? FindFunction(ReadOnlySpan<byte> selector)
    {
        foreach (var f in Functions) if (selector.Length >= 4 && selector[..4].SequenceEqual(f.Selector)) return f;
        return null;
    }

    /// <summary>The custom error whose selector is the first 4 bytes of <paramref name="selector"/> (revert data may be passed whole), or null.</summary>
    public AbiError? FindError(ReadOnlySpan<byte> selector)
    {
        foreach (var e in Errors) if (e.Matches(selector)) return e;
        return null;
    }

    /// <summary>The non-anonymous event with this topic0, or null.</summary>
    public AbiEvent? FindEvent(ReadOnlySpan<byte> topic0)
    {
        foreach (var e in Events) if (!e.Anonymous && topic0.SequenceEqual(e.Topic0Span)) return e;
        return null;
    }

    /// <summary>The event named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such event.</exception>
    public AbiEvent GetEvent(string name) =>
        Events.FirstOrDefault(e => e.Name == name || e.Signature == name) ?? throw new KeyNotFoundException($"The ABI has no event named '{name}'.");

    private static string LegacyMutability(JsonElement entry)
    {
        if (entry.TryGetProperty("payable", out var p) && p.ValueKind == JsonValueKind.True) return "payable";
        if (entry.TryGetProperty("constant", out var c) && c.ValueKind == JsonValueKind.True) return "view";
        return "nonpayable";
    }

    private static string? GetString(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string RequireName(JsonElement entry, string kind) =>
        GetString(entry, "name") is { Length: > 0 } name ? name : throw new FormatException($"An ABI {kind} entry has no name.");

    private static AbiParameter[] ParseParameters(JsonElement entry, string property)
    {
        if (!entry.TryGetProperty(property, out var list) || list.ValueKind == JsonValueKind.Null) return [];
        if (list.ValueKind != JsonValueKind.Array) throw new FormatException($"ABI '{property}' must be an array.");
        var result = new AbiParameter[list.GetArrayLength()];
        int i = 0;
        foreach (var p in list.EnumerateArray()) result[i++] = ParseParameter(p);
        return result;
    }

    private static AbiParameter ParseParameter(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Object) throw new FormatException("An ABI parameter must be a JSON object.");
        var typeText = GetString(p, "type") ?? throw new FormatException("An ABI parameter has no type.");
        var name = GetString(p, "name") ?? "";
        bool indexed = p.TryGetProperty("indexed", out var ix) && ix.ValueKind == JsonValueKind.True;
        var internalType = GetString(p, "internalType");
        if (typeText.StartsWith("tuple", StringComparison.Ordinal))
        {
            var components = ParseParameters(p, "components");
            if (components.Length == 0) throw new AbiTypeException(typeText, "a tuple parameter needs a non-empty 'components' array");
            var tuple = new TupleType(AbiParameter.TypesOf(components));
            var type = AbiType.ApplyArraySuffixes(tuple, typeText[5..], typeText);
            return new AbiParameter(name, type, indexed, internalType, components);
        }
        return new AbiParameter(name, AbiType.Parse(typeText), indexed, internalType);
    }
}
