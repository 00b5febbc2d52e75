namespace Vaults.Ethereum.Abi;

/// <summary>
/// One input or output of a function, event, error or constructor, as the JSON ABI describes it.
/// For tuples, <paramref name="Components"/> keeps the field names and internal types (e.g. "struct MarginVault.Position")
/// that code generators need; <paramref name="Type"/> holds the structural type used for encoding.
/// </summary>
/// <param name="Name">The parameter name ("" when unnamed).</param>
/// <param name="Type">The ABI type.</param>
/// <param name="Indexed">For event inputs: whether the value is a topic.</param>
/// <param name="InternalType">The Solidity type as solc reports it ("struct Vault.Position[]", "contract IERC20", "enum Side").</param>
/// <param name="Components">For tuple types (and arrays of tuples): the tuple's fields.</param>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false, string? InternalType = null, IReadOnlyList<AbiParameter>? Components = null)
{
    /// <summary>The parameter name ("" when unnamed).</summary>
    public string Name { get; init; } = Name ?? "";

    /// <summary>The ABI type.</summary>
    public AbiType Type { get; init; } = Type ?? throw new ArgumentNullException(nameof(Type));

    /// <summary>Shorthand: a parameter from a canonical type string.</summary>
    public AbiParameter(string name, string canonicalType, bool indexed = false) : this(name, AbiType.Parse(canonicalType), indexed) { }

    /// <inheritdoc />
    public override string ToString() => Name.Length == 0 ? Type.CanonicalName : $"{Type.CanonicalName}{(Indexed ? " indexed" : "")} {Name}";

    internal static AbiType[] TypesOf(IReadOnlyList<AbiParameter> parameters)
    {
        var types = new AbiType[parameters.Count];
        for (int i = 0; i < types.Length; i++) types[i] = parameters[i].Type;
        return types;
    }

    internal static string SignatureOf(string name, IReadOnlyList<AbiParameter> parameters)
    {
        var sb = new System.Text.StringBuilder(name).Append('(');
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(parameters[i].Type.CanonicalName);
        }
        return sb.Append(')').ToString();
    }
}
