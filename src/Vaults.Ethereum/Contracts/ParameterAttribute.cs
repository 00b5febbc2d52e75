namespace Vaults.Ethereum.Contracts;

/// <summary>Marks a DTO property with its ABI type, name, 1-based order and, for events, whether it is indexed.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ParameterAttribute(string type, string? name = null, int order = 1, bool indexed = false) : Attribute
{
    public string Type { get; } = type;
    public string? Name { get; } = name;
    public int Order { get; } = order;
    public bool Indexed { get; } = indexed;
}
