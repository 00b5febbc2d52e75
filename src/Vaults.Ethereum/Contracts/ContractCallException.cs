namespace Vaults.Ethereum.Contracts;

/// <summary>A contract call returned something other than what the ABI promises (for example no code at the address).</summary>
public sealed class ContractCallException(string message) : Exception(message);
