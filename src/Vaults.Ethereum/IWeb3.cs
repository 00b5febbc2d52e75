using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.TransactionManagers;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum;

/// <summary>The entry point (Nethereum's IWeb3): the JSON-RPC client, the eth API, and the account's transaction manager.</summary>
public interface IWeb3
{
    /// <summary>The JSON-RPC transport.</summary>
    IClient Client { get; }

    /// <summary>The eth_* methods.</summary>
    EthApiService Eth { get; }

    /// <summary>Signs and sends for the account; null for a read-only Web3.</summary>
    ITransactionManager? TransactionManager { get; }

    /// <summary>A handler bound to a contract address.</summary>
    ContractHandler GetContractHandler(Address contractAddress);

    /// <summary>A deployment handler for <typeparamref name="TDeployment"/>.</summary>
    ContractDeploymentHandler<TDeployment> GetContractDeploymentHandler<TDeployment>() where TDeployment : ContractDeploymentMessage;

    /// <summary>An event, optionally bound to a contract address.</summary>
    Event<TEventDTO> GetEvent<TEventDTO>(Address? contractAddress = null) where TEventDTO : IEventDTO, new();

    /// <summary>The custom errors used to decode reverts: the message's own plus any registered with this Web3.</summary>
    IReadOnlyList<AbiError> KnownErrors(IReadOnlyList<AbiError> messageErrors);
}
