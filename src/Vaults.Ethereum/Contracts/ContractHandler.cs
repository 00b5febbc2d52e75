using Vaults.Ethereum.Abi;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Contracts;

/// <summary>
/// The CQS verbs for one deployed contract (Nethereum's ContractHandler): queries through eth_call,
/// transactions through the transaction manager. Reverts come back as exceptions that name the custom error.
/// </summary>
public class ContractHandler(Address contractAddress, IWeb3 web3)
{
    /// <summary>The bound contract.</summary>
    public Address ContractAddress { get; } = contractAddress;

    /// <summary>The Web3 this handler calls through.</summary>
    public IWeb3 Web3 { get; } = web3;

    /// <summary>Calls the function and returns the raw return data.</summary>
    public virtual async Task<byte[]> QueryRawAsync(FunctionMessage message, BlockParameter? blockParameter = null, CancellationToken cancellationToken = default)
    {
        var call = message.CreateCallInput(ContractAddress, Web3.TransactionManager?.Account.Address);
        try
        {
            return await Web3.Eth.CallAsync(call, blockParameter ?? BlockParameter.CreateLatest(), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcResponseException ex) when (ex.RpcError.GetRevertData() is { } data)
        {
            throw RevertDecoder.Decode(data, Web3.KnownErrors(message.GetKnownErrors()));
        }
    }

    /// <summary>Calls the function and decodes its outputs into the ABI value model.</summary>
    public virtual async Task<object?[]> QueryRawValuesAsync(FunctionMessage message, BlockParameter? blockParameter = null, CancellationToken cancellationToken = default)
    {
        var function = message.GetFunctionAbi();
        var raw = await QueryRawAsync(message, blockParameter, cancellationToken).ConfigureAwait(false);
        if (raw.Length == 0 && function.Outputs.Count > 0)
            throw new ContractCallException($"{function.Signature} at {ContractAddress} returned no data: is a contract with this function deployed there?");
        return function.DecodeOutput(raw);
    }

    /// <summary>Calls the function and decodes its outputs into a typed output DTO.</summary>
    public virtual async Task<TOutput> QueryDeserializingToObjectAsync<TOutput>(FunctionMessage message, BlockParameter? blockParameter = null, CancellationToken cancellationToken = default)
        where TOutput : IFunctionOutputDTO, new()
    {
        var values = await QueryRawValuesAsync(message, blockParameter, cancellationToken).ConfigureAwait(false);
        var output = new TOutput();
        output.Decode(values);
        return output;
    }

    /// <summary>Estimates the gas of the transaction; a revert throws the decoded error.</summary>
    public virtual Task<System.Numerics.BigInteger> EstimateGasAsync(FunctionMessage message, CancellationToken cancellationToken = default) =>
        RequireSigner().EstimateGasAsync(message.CreateTransactionInput(ContractAddress), Web3.KnownErrors(message.GetKnownErrors()), cancellationToken);

    /// <summary>Signs the transaction without sending it.</summary>
    public virtual Task<Signer.SignedTransaction> SignTransactionAsync(FunctionMessage message, CancellationToken cancellationToken = default) =>
        RequireSigner().SignTransactionAsync(message.CreateTransactionInput(ContractAddress), Web3.KnownErrors(message.GetKnownErrors()), cancellationToken);

    /// <summary>Sends the transaction and returns its hash.</summary>
    public virtual Task<string> SendRequestAsync(FunctionMessage message, CancellationToken cancellationToken = default) =>
        RequireSigner().SendTransactionAsync(message.CreateTransactionInput(ContractAddress), Web3.KnownErrors(message.GetKnownErrors()), cancellationToken);

    /// <summary>Sends the transaction and waits for its receipt; a revert throws with the decoded error.</summary>
    public virtual Task<TransactionReceipt> SendRequestAndWaitForReceiptAsync(FunctionMessage message, CancellationToken cancellationToken = default) =>
        RequireSigner().SendTransactionAndWaitForReceiptAsync(message.CreateTransactionInput(ContractAddress), Web3.KnownErrors(message.GetKnownErrors()), cancellationToken);

    private TransactionManagers.ITransactionManager RequireSigner() =>
        Web3.TransactionManager ?? throw new InvalidOperationException("This Web3 has no account: create it with an Account to send transactions.");
}
