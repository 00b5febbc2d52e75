namespace Vaults.Ethereum.Contracts;

/// <summary>Marks a function output DTO. Generated bindings carry it as Nethereum's do; encoding itself is generated code, not reflection.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class FunctionOutputAttribute : Attribute
{
}
