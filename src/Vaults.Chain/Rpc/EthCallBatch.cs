using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.Eth.Transactions;

namespace Vaults.Chain;

/// <summary>One call's outcome in a batch: the decoded output, or why that call alone failed.</summary>
/// <param name="Output">The decoded output; default when the call failed.</param>
/// <param name="Error">Nethereum's decoded revert (<see cref="SmartContractCustomErrorRevertException"/>, <c>SmartContractRevertException</c>), the
/// node's error (<see cref="RpcResponseException"/>), or an empty answer; null when the call succeeded.</param>
public sealed record BatchCallResult<TOutput>(TOutput? Output, Exception? Error);

/// <summary>
/// Typed eth_calls of one function on one contract, many per JSON-RPC batch (Nethereum's <see cref="RpcRequestResponseBatch"/> of
/// <see cref="EthCall"/> items, partial success accepted so a call that fails fails alone). Nethereum's typed batch helpers stop at raw
/// results; this decodes each into the function's output DTO and each revert into Nethereum's contract exceptions.
/// </summary>
public static class EthCallBatch
{
    /// <summary>Calls <paramref name="contract"/> with each of <paramref name="functions"/> at <paramref name="block"/>, in one batch; results in order.</summary>
    public static async Task<IReadOnlyList<BatchCallResult<TOutput>>> QueryAsync<TFunction, TOutput>(
        IClient client, string contract, IReadOnlyList<TFunction> functions, BlockParameter block, string? from = null, CancellationToken ct = default)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new() =>
        await QueryAsync<TFunction, TOutput>(client, [.. functions.Select(f => (contract, f))], block, from, ct).ConfigureAwait(false);

    /// <summary>
    /// Calls each contract with its function at <paramref name="block"/>, in one batch (for example <c>latestRoundData</c> of every
    /// market's feed); results in order.
    /// </summary>
    public static async Task<IReadOnlyList<BatchCallResult<TOutput>>> QueryAsync<TFunction, TOutput>(
        IClient client, IReadOnlyList<(string Contract, TFunction Function)> calls, BlockParameter block, string? from = null, CancellationToken ct = default)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        if (calls.Count == 0) return [];
        var ethCall = new EthCall(client);
        var batch = new RpcRequestResponseBatch { AcceptPartiallySuccessful = true };
        var items = calls.Select((call, i) =>
        {
            if (from is not null) call.Function.FromAddress = from;
            return ethCall.CreateBatchItem(call.Function.CreateCallInput(call.Contract), block, i + 1);
        }).ToList();
        batch.BatchItems.AddRange(items);
        await client.SendBatchRequestAsync(batch).WaitAsync(ct).ConfigureAwait(false);
        return items.Select((item, i) => Decode<TOutput>(item.HasError, item.RpcError, item.Response, calls[i].Contract)).ToList();
    }

    private static BatchCallResult<TOutput> Decode<TOutput>(bool hasError, RpcError? error, string? response, string contract) where TOutput : IFunctionOutputDTO, new()
    {
        if (hasError)
        {
            var rpc = new RpcResponseException(error ?? new RpcError(-1, "no answer"));
            return new(default, RevertData.ToException(rpc) ?? rpc);
        }
        if (string.IsNullOrEmpty(response) || response == "0x")
            return new(default, new InvalidOperationException($"The call to {contract} returned no data: is the contract deployed there?"));
        try
        {
            return new(new TOutput().DecodeOutput(response), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new(default, e);
        }
    }
}
