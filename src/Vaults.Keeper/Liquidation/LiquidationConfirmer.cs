using Vaults.Contracts.VaultLens.ContractDefinition;
using Vaults.Ethereum;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Keeper.Liquidation;

/// <summary>The candidates a confirmation read found liquidatable, and the chunks it could not read.</summary>
/// <param name="Liquidatable">The liquidatable candidates, in the order given.</param>
/// <param name="Failures">Each chunk that failed, with why (a decoded revert, a node error, a transport failure).</param>
internal sealed record Confirmation(IReadOnlyList<Address> Liquidatable, IReadOnlyList<(IReadOnlyList<Address> Vaults, Exception Error)> Failures);

/// <summary>
/// The confirmation read: <c>VaultLens.previewMany</c> over the candidates in chunks of <see cref="LiquidationExecutorOptions.ConfirmationChunkSize"/>
/// vaults, sent as JSON-RPC batches of <see cref="LiquidationExecutorOptions.ConfirmationCallsPerBatch"/> eth_calls. One call for every candidate
/// costs about 20,000 gas a vault, so past the node's eth_call gas cap (a few thousand candidates) it failed every round and nothing was
/// liquidated; bounded chunks never reach the cap, and a chunk that fails fails alone.
/// </summary>
internal sealed class LiquidationConfirmer(IWeb3 web3, Address lens, int chunkSize, int callsPerBatch)
{
    private static readonly AbiFunction PreviewMany = new PreviewManyFunction().GetFunctionAbi();
    private static readonly IReadOnlyList<AbiError> LensErrors = new PreviewManyFunction().GetKnownErrors();

    /// <summary>Reads every chunk at the latest block; throws only for cancellation.</summary>
    public async Task<Confirmation> ConfirmAsync(IReadOnlyList<Address> candidates, CancellationToken ct)
    {
        var liquidatable = new List<Address>();
        var failures = new List<(IReadOnlyList<Address>, Exception)>();
        foreach (var batch in candidates.Chunk(chunkSize).Chunk(callsPerBatch))
        {
            var requests = batch.Select(chunk => new RpcRequest("eth_call",
                new PreviewManyFunction { Vaults = [.. chunk] }.CreateCallInput(lens, web3.TransactionManager?.Account.Address),
                BlockParameter.CreateLatest())).ToList();
            IReadOnlyList<RpcResponse> responses;
            try
            {
                responses = await web3.Client.SendBatchAsync(requests, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failures.AddRange(batch.Select(chunk => ((IReadOnlyList<Address>)chunk, e)));
                continue;
            }
            for (int i = 0; i < batch.Length; i++)
            {
                try
                {
                    var previews = Decode(responses[i], batch[i].Length);
                    liquidatable.AddRange(batch[i].Where((_, j) => previews[j].Liquidatable));
                }
                catch (Exception e) when (e is RpcClientException or SmartContractException or ContractCallException or AbiDecodingException)
                {
                    failures.Add((batch[i], e));
                }
            }
        }
        return new Confirmation(liquidatable, failures);
    }

    /// <summary>One chunk's previews; a revert comes back as the decoded contract error, like a single eth_call's would.</summary>
    private List<LiquidationPreview> Decode(RpcResponse response, int count)
    {
        if (response.Error?.GetRevertData() is { } revert)
            throw RevertDecoder.Decode(revert, web3.KnownErrors(LensErrors));
        var data = HexConvert.ToBytes(response.GetResult<string>());
        if (data.Length == 0)
            throw new ContractCallException($"previewMany at {lens} returned no data: is the VaultLens deployed there?");
        var previews = AbiValueConvert.ToList(PreviewMany.DecodeOutput(data)[0], e => LiquidationPreview.FromAbiValues((object?[])e!));
        if (previews.Count != count)
            throw new ContractCallException($"previewMany at {lens} returned {previews.Count} previews for {count} vaults.");
        return previews;
    }
}
