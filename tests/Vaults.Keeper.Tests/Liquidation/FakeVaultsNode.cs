using System.Collections.Concurrent;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;
using Nethereum.RPC.Eth.DTOs;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Vaults.Chain;
using Vaults.Contracts.VaultLens.ContractDefinition;
using LiquidateBatchFunction = Vaults.Contracts.VaultFactory.ContractDefinition.LiquidateBatchFunction;

namespace Vaults.Keeper.Tests.Liquidation;

/// <summary>
/// Just enough of a node, as a Nethereum <see cref="IClient"/>, for the liquidation executor: <c>VaultLens.previewMany</c> eth_calls
/// (single or batched) that fail above <paramref name="callGasCapVaults"/> vaults like a node's eth_call gas cap, or when they include
/// <paramref name="failingVault"/>; and the send path of a liquidateBatch as Nethereum's own account signer walks it (simulation eth_call, chain id, fee history, nonce,
/// raw send) and a receipt in which the contract skipped every vault. Calldata is read and answers written with Nethereum's
/// ABI decoder and encoder. Records what the executor asked for.
/// </summary>
internal sealed class FakeVaultsNode(IReadOnlySet<Address> liquidatable, int callGasCapVaults, Address? failingVault = null) : IClient
{
    private static readonly JsonSerializer Json = JsonSerializer.Create(DefaultJsonSerializerSettingsFactory.BuildDefaultJsonSerializerSettings());
    private readonly ConcurrentQueue<int> _batchSizes = new();
    private readonly ConcurrentQueue<int> _previewSizes = new();
    private readonly ConcurrentQueue<IReadOnlyList<Address>> _liquidateBatches = new();
    private int _sent;

    /// <summary>eth_calls per JSON-RPC batch.</summary>
    public IReadOnlyList<int> BatchSizes => [.. _batchSizes];

    /// <summary>Vaults per previewMany call.</summary>
    public IReadOnlyList<int> PreviewSizes => [.. _previewSizes];

    /// <summary>The vaults of each liquidateBatch simulated (the eth_call before each send).</summary>
    public IReadOnlyList<IReadOnlyList<Address>> LiquidateBatches => [.. _liquidateBatches];

    public RequestInterceptor OverridingRequestInterceptor { get; set; } = null!;

    public Task<T> SendRequestAsync<T>(RpcRequest request, string? route = null)
    {
        var (result, error) = Answer(request.Method, request.RawParameters);
        if (error is not null) throw new RpcResponseException(error);
        return Task.FromResult(result!.ToObject<T>(Json)!);
    }

    public Task<RpcRequestResponseBatch> SendBatchRequestAsync(RpcRequestResponseBatch batch)
    {
        _batchSizes.Enqueue(batch.BatchItems.Count);
        var responses = batch.BatchItems.Select(item =>
        {
            var (result, error) = Answer(item.RpcRequestMessage.Method, (object[])item.RpcRequestMessage.RawParameters);
            return error is null
                ? new RpcResponseMessage(item.RpcRequestMessage.Id, (object)result!)
                : new RpcResponseMessage(item.RpcRequestMessage.Id, new Nethereum.JsonRpc.Client.RpcMessages.RpcError { Code = error.Code, Message = error.Message });
        }).ToList();
        batch.UpdateBatchItemResponses(responses);
        return Task.FromResult(batch);
    }

    public Task<T> SendRequestAsync<T>(string method, string? route = null, params object[] paramList) =>
        SendRequestAsync<T>(new RpcRequest(1, method, paramList), route);

    public Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null) => throw new NotSupportedException();

    public Task SendRequestAsync(RpcRequest request, string? route = null) => SendRequestAsync<JToken>(request, route);

    public Task SendRequestAsync(string method, string? route = null, params object[] paramList) => SendRequestAsync<JToken>(method, route, paramList);

    public T DecodeResult<T>(RpcResponseMessage rpcResponseMessage) => ((JToken)rpcResponseMessage.ResultNewtonsoft).ToObject<T>(Json)!;

    private (JToken? Result, Nethereum.JsonRpc.Client.RpcError? Error) Answer(string method, object[] parameters) => method switch
    {
        // The executor simulates each liquidateBatch with one eth_call (then sends it with its own gas limit).
        "eth_call" => IsLiquidateBatch(Data(parameters)) ? Simulate(Data(parameters)) : PreviewAnswer(Data(parameters)),
        "eth_chainId" => (JToken.FromObject("0x7a69"), null),
        "eth_getTransactionCount" or "eth_maxPriorityFeePerGas" or "eth_gasPrice" => (JToken.FromObject("0x1"), null),
        "eth_estimateGas" => (JToken.FromObject("0x30d40"), null),
        "eth_getBlockByNumber" => (JToken.Parse("""{ "number": "0x10", "hash": "0x01", "parentHash": "0x00", "timestamp": "0x1", "baseFeePerGas": "0x1", "gasLimit": "0x1c9c380", "gasUsed": "0x0", "transactions": [] }"""), null),
        "eth_feeHistory" => (JToken.Parse("""{ "oldestBlock": "0x10", "baseFeePerGas": ["0x1", "0x1"], "gasUsedRatio": [0.5], "reward": [["0x1"]] }"""), null),
        "eth_sendRawTransaction" => (JToken.FromObject($"0x{Interlocked.Increment(ref _sent):x64}"), null),
        "eth_getTransactionReceipt" => (JToken.Parse($$"""{ "transactionHash": "{{parameters[0]}}", "transactionIndex": "0x0", "blockNumber": "0x11", "blockHash": "0x02", "from": "0x00", "gasUsed": "0x5208", "cumulativeGasUsed": "0x5208", "status": "0x1", "logs": [] }"""), null),
        _ => throw new NotSupportedException(method),
    };

    private (JToken?, Nethereum.JsonRpc.Client.RpcError?) PreviewAnswer(string calldata)
    {
        var vaults = Decode<PreviewManyFunction>(calldata).Vaults.Select(v => (Address)v).ToList();
        _previewSizes.Enqueue(vaults.Count);
        if (vaults.Count > callGasCapVaults)
            return (null, new Nethereum.JsonRpc.Client.RpcError(-32000, "gas required exceeds allowance (30000000)"));
        if (failingVault is { } failing && vaults.Contains(failing))
            return (null, new Nethereum.JsonRpc.Client.RpcError(-32603, "internal error"));
        var output = new PreviewManyOutputDTO { Out = [.. vaults.Select(v => new LiquidationPreview { Liquidatable = liquidatable.Contains(v) })] };
        var encoded = new FunctionCallEncoder().EncodeParametersFromTypeAttributes(typeof(PreviewManyOutputDTO), output);
        return (JToken.FromObject(encoded.ToHex(prefix: true)), null);
    }

    private (JToken?, Nethereum.JsonRpc.Client.RpcError?) Simulate(string calldata)
    {
        _liquidateBatches.Enqueue([.. Decode<LiquidateBatchFunction>(calldata).Vaults.Select(v => (Address)v)]);
        return (JToken.FromObject("0x"), null);
    }

    private static bool IsLiquidateBatch(string calldata) =>
        calldata.StartsWith(ABITypedRegistry.GetFunctionABI<LiquidateBatchFunction>().Sha3Signature.EnsureHexPrefix(), StringComparison.OrdinalIgnoreCase);

    private static TFunction Decode<TFunction>(string calldata) where TFunction : FunctionMessage, new() =>
        new FunctionCallDecoder().DecodeFunctionInput<TFunction>(ABITypedRegistry.GetFunctionABI<TFunction>().Sha3Signature, calldata);

    /// <summary>The call data of an eth_call or eth_estimateGas request (a TransactionInput is a CallInput).</summary>
    private static string Data(object[] parameters) => ((CallInput)parameters[0]).Data;
}
