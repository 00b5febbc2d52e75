using System.Numerics;
using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Accounts;

/// <summary>An account that signs transactions locally (the key never leaves the process).</summary>
public interface IAccount
{
    /// <summary>The account's address.</summary>
    Address Address { get; }

    /// <summary>The chain the account signs for, or null to take the node's chain id.</summary>
    BigInteger? ChainId { get; }

    /// <summary>Signs a legacy or EIP-1559 transaction.</summary>
    SignedTransaction SignTransaction(ISignableTransaction transaction);
}
