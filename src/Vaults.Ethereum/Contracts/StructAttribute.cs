namespace Vaults.Ethereum.Contracts;

/// <summary>Marks a class generated for a Solidity struct (an ABI tuple). Generated bindings carry it as Nethereum's do; encoding itself is generated code, not reflection.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class StructAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
