using System.Collections.Concurrent;
using System.Text.Json;
using LiquidateBatchFunction = Vaults.Contracts.VaultFactory.ContractDefinition.LiquidateBatchFunction;
using Vaults.Contracts.VaultLens.ContractDefinition;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Keeper.Tests.Liquidation;

/// <summary>
/// Just enough of a node for the liquidation executor: <c>VaultLens.previewMany</c> eth_calls (single or batched) that fail above
/// <paramref name="callGasCapVaults"/> vaults like a node's eth_call gas cap, or when they include <paramref name="failingVault"/>; and the
/// send path of a liquidateBatch (estimate, fees, nonce, raw send, a receipt in which the contract skipped every vault).
/// Records what the executor asked for.
/// </summary>
internal sealed class FakeVaultsNode(IReadOnlySet<Address> liquidatable, int callGasCapVaults, Address? failingVault = null) : IClient
{
    private static readonly AbiFunction PreviewMany = new PreviewManyFunction().GetFunctionAbi();
    private static readonly AbiFunction LiquidateBatch = new LiquidateBatchFunction().GetFunctionAbi();
    private readonly ConcurrentQueue<int> _batchSizes = new();
    private readonly ConcurrentQueue<int> _previewSizes = new();
    private readonly ConcurrentQueue<IReadOnlyList<Address>> _liquidateBatches = new();
    private int _sent;

    /// <summary>eth_calls per JSON-RPC batch.</summary>
    public IReadOnlyList<int> BatchSizes => [.. _batchSizes];

    /// <summary>Vaults per previewMany call.</summary>
    public IReadOnlyList<int> PreviewSizes => [.. _previewSizes];

    /// <summary>The vaults of each liquidateBatch estimated (the simulation before each send).</summary>
    public IReadOnlyList<IReadOnlyList<Address>> LiquidateBatches => [.. _liquidateBatches];

    public Task<T> SendRequestAsync<T>(RpcRequest request, CancellationToken ct = default)
    {
        var response = Answer(request);
        return Task.FromResult(response.GetResult<T>());
    }

    public Task<IReadOnlyList<RpcResponse>> SendBatchAsync(IReadOnlyList<RpcRequest> requests, CancellationToken ct = default)
    {
        _batchSizes.Enqueue(requests.Count);
        return Task.FromResult<IReadOnlyList<RpcResponse>>([.. requests.Select(Answer)]);
    }

    private RpcResponse Answer(RpcRequest request) => request.Method switch
    {
        // The executor simulates each liquidateBatch with one eth_call (then sends it with its own gas limit).
        "eth_call" => LiquidateBatch.Selector.AsSpan().SequenceEqual(Data(request).AsSpan(0, 4)) ? Simulate(Data(request)) : PreviewAnswer(Data(request)),
        "eth_chainId" => Result("\"0x7a69\""),
        "eth_getTransactionCount" or "eth_maxPriorityFeePerGas" => Result("\"0x1\""),
        "eth_estimateGas" => Estimate(Data(request)),
        "eth_getBlockByNumber" => Result("""{ "number": "0x10", "hash": "0x01", "parentHash": "0x00", "timestamp": "0x1", "baseFeePerGas": "0x1", "gasLimit": "0x1c9c380", "gasUsed": "0x0", "transactions": [] }"""),
        "eth_sendRawTransaction" => Result($"\"0x{Interlocked.Increment(ref _sent):x64}\""),
        "eth_getTransactionReceipt" => Result($$"""{ "transactionHash": "{{request.Params[0]}}", "transactionIndex": "0x0", "blockNumber": "0x11", "blockHash": "0x02", "from": "0x00", "gasUsed": "0x5208", "cumulativeGasUsed": "0x5208", "status": "0x1", "logs": [] }"""),
        _ => throw new NotSupportedException(request.Method),
    };

    private RpcResponse PreviewAnswer(byte[] calldata)
    {
        var vaults = AbiValueConvert.ToList(PreviewMany.DecodeInput(calldata)[0], v => (Address)v!);
        _previewSizes.Enqueue(vaults.Count);
        if (vaults.Count > callGasCapVaults)
            return Error(-32000, "gas required exceeds allowance (30000000)");
        if (failingVault is { } failing && vaults.Contains(failing))
            return Error(-32603, "internal error");
        var previews = vaults.Select(v => new LiquidationPreview { Liquidatable = liquidatable.Contains(v) }.ToAbiValues()).ToArray();
        var output = AbiEncoder.Encode([PreviewMany.Outputs[0].Type], [previews]);
        return Result($"\"{HexConvert.ToHex(output)}\"");
    }

    private RpcResponse Estimate(byte[] calldata) => Result("\"0x30d40\"");

    private RpcResponse Simulate(byte[] calldata)
    {
        _liquidateBatches.Enqueue(AbiValueConvert.ToList(LiquidateBatch.DecodeInput(calldata)[0], v => (Address)v!));
        return Result("\"0x\"");
    }

    /// <summary>The call data of an eth_call or eth_estimateGas request (a TransactionInput is a CallInput).</summary>
    private static byte[] Data(RpcRequest request) => HexConvert.ToBytes(((CallInput)request.Params[0]!).Data!);

    private static RpcResponse Result(string json) => new(1, JsonDocument.Parse(json).RootElement.Clone(), null);

    private static RpcResponse Error(int code, string message) =>
        new(1, null, new RpcError(code, message, null)) { Method = "eth_call", Url = "fake" };
}
