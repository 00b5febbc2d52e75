namespace Vaults.Ethereum.Contracts;

/// <summary>Marks a function message class with its Solidity function name (and return type when it has one output). Generated bindings carry it as Nethereum's do; encoding itself is generated code, not reflection.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class FunctionAttribute(string name, string? returnType = null) : Attribute
{
    public string Name { get; } = name;
    public string? ReturnType { get; } = returnType;
}
