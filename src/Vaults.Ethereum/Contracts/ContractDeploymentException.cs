using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.Contracts;

/// <summary>A deployment transaction was mined but produced no contract.</summary>
public sealed class ContractDeploymentException(string message, TransactionReceipt receipt) : Exception(message)
{
    /// <summary>The deployment's receipt.</summary>
    public TransactionReceipt Receipt { get; } = receipt;
}
