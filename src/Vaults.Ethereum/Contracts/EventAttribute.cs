namespace Vaults.Ethereum.Contracts;

/// <summary>Marks an event DTO with its Solidity event name. Generated bindings carry it as Nethereum's do; encoding itself is generated code, not reflection.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class EventAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
