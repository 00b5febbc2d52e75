using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Contracts;

/// <summary>Base of the generated <c>XService</c> classes: a Web3, a contract address and its handler.</summary>
public abstract class ContractServiceBase(IWeb3 web3, Address contractAddress)
{
    /// <summary>The Web3 the service calls through.</summary>
    public IWeb3 Web3 { get; } = web3;

    /// <summary>The contract's address.</summary>
    public Address ContractAddress { get; } = contractAddress;

    /// <summary>The handler doing the calls.</summary>
    public ContractHandler ContractHandler { get; } = new(contractAddress, web3);
}
