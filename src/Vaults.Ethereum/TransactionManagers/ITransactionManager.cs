using System.Numerics;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Accounts;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Signer;

namespace Vaults.Ethereum.TransactionManagers;

/// <summary>Fills, signs, sends and waits for transactions of one account (Nethereum's shape).</summary>
public interface ITransactionManager
{
    /// <summary>The signing account.</summary>
    IAccount Account { get; }

    /// <summary>The nonce source, reset after failed sends.</summary>
    INonceService NonceService { get; }

    /// <summary>Estimates gas; a revert throws the decoded error (using <paramref name="knownErrors"/>).</summary>
    Task<BigInteger> EstimateGasAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors = null, CancellationToken cancellationToken = default);

    /// <summary>Fills nonce, gas and fees, then signs; nothing is sent.</summary>
    Task<SignedTransaction> SignTransactionAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors = null, CancellationToken cancellationToken = default);

    /// <summary>Signs and sends; returns the transaction hash.</summary>
    Task<string> SendTransactionAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors = null, CancellationToken cancellationToken = default);

    /// <summary>Signs, sends and waits for the receipt; a reverted transaction throws <see cref="Contracts.TransactionRevertedException"/>.</summary>
    Task<TransactionReceipt> SendTransactionAndWaitForReceiptAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors = null, CancellationToken cancellationToken = default);
}
