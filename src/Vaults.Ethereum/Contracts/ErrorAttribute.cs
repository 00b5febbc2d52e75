namespace Vaults.Ethereum.Contracts;

/// <summary>Marks a custom-error DTO with its Solidity error name. Generated bindings carry it as Nethereum's do; encoding itself is generated code, not reflection.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ErrorAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
