using Vaults.Ethereum.Signer;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Accounts;

/// <summary>An account that can sign transactions locally (the key never leaves the process).</summary>
public interface IAccount
{
    /// <summary>The account's address.</summary>
    Address Address { get; }

    /// <summary>The chain the account signs for, or null to take the node's chain id.</summary>
    long? ChainId { get; }

    /// <summary>Signs an EIP-1559 transaction.</summary>
    SignedTransaction SignTransaction(Transaction1559 transaction);

    /// <summary>Signs a legacy EIP-155 transaction.</summary>
    SignedTransaction SignTransaction(LegacyTransaction transaction);
}
