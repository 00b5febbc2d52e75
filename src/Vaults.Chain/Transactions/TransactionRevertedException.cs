using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;


namespace Vaults.Chain;

/// <summary>
/// A mined transaction failed (receipt status 0). <see cref="Exception.InnerException"/> holds the decoded revert
/// (a <see cref="SmartContractCustomErrorRevertException"/> or <see cref="SmartContractRevertException"/>) when the replay recovered it.
/// </summary>
public sealed class TransactionRevertedException(TransactionReceipt receipt, Exception? reason)
    : Exception($"Transaction {receipt.TransactionHash} reverted in block {receipt.BlockNumber.Value}" + (reason is null ? " (no revert data: out of gas or a bare revert)." : ": " + reason.Message), reason)
{
    /// <summary>The failed transaction's receipt.</summary>
    public TransactionReceipt Receipt { get; } = receipt;
}
