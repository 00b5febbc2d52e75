using Vaults.Contracts.VaultLens.ContractDefinition;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

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
    /// <summary>Reads every chunk at the latest block; throws only for cancellation.</summary>
    public Task<Confirmation> ConfirmAsync(IReadOnlyList<Address> candidates, CancellationToken ct) => ConfirmAsync([candidates], ct, BlockParameter.CreateLatest());

    /// <summary>
    /// Reads every chunk at the latest block, each group chunked on its own: a group is one market's candidates, so a market whose price
    /// cannot be read (previewMany reverts for its vaults) fails only its own chunks. Throws only for cancellation.
    /// </summary>
    /// <param name="block">Latest; pending right after a suspension's end (a node without new blocks still judges <c>latest</c> by its
    /// old timestamp, before the end).</param>
    public async Task<Confirmation> ConfirmAsync(IReadOnlyList<IReadOnlyList<Address>> groups, CancellationToken ct, BlockParameter block)
    {
        var liquidatable = new List<Address>();
        var failures = new List<(IReadOnlyList<Address>, Exception)>();
        string? from = web3.TransactionManager?.Account?.Address;
        foreach (var batch in groups.SelectMany(g => g.Chunk(chunkSize)).Chunk(callsPerBatch))
        {
            IReadOnlyList<BatchCallResult<PreviewManyOutputDTO>> results;
            try
            {
                results = await EthCallBatch.QueryAsync<PreviewManyFunction, PreviewManyOutputDTO>(web3.Client, lens,
                    [.. batch.Select(chunk => new PreviewManyFunction { Vaults = [.. chunk.Select(v => v.ToString())] })],
                    block, from, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failures.AddRange(batch.Select(chunk => ((IReadOnlyList<Address>)chunk, e)));
                continue;
            }
            for (int i = 0; i < batch.Length; i++)
            {
                // A revert comes back as the decoded contract error, like a single eth_call's would.
                if (results[i].Error is { } error)
                {
                    failures.Add((batch[i], error));
                    continue;
                }
                var previews = results[i].Output!.Out;
                if (previews.Count != batch[i].Length)
                {
                    failures.Add((batch[i], new InvalidOperationException($"previewMany at {lens} returned {previews.Count} previews for {batch[i].Length} vaults.")));
                    continue;
                }
                liquidatable.AddRange(batch[i].Where((_, j) => previews[j].Liquidatable));
            }
        }
        return new Confirmation(liquidatable, failures);
    }
}
