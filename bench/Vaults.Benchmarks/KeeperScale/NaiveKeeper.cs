using Nethereum.RPC.Eth.DTOs;
using Vaults.Contracts.VaultLens;
using Vaults.Contracts.VaultLens.ContractDefinition;
using Vaults.Chain;
using Vaults.Keeper.Index;
using Vaults.Keeper.Liquidation;

namespace Vaults.Benchmarks.KeeperScale;

/// <summary>
/// A keeper without a price index: on every update it reads every open vault's <c>previewLiquidation</c> through
/// <c>VaultLens.previewMany</c>, <see cref="ChunkSize"/> vaults per <c>eth_call</c> (the chunks in parallel, as a fast naive keeper
/// would), and hands the liquidatable ones to the same <see cref="LiquidationExecutor"/> (whose confirmation read adds one call).
/// It learns the vault list from the factory's events like the index keeper, so only the per-update reads differ.
/// This is the kinder naive keeper: one <c>eth_call</c> per vault would cost one request per vault.
/// The chunks go <see cref="ChunksPerBatch"/> per JSON-RPC batch, one batch after another: all of them at once (10,000 vaults: 100
/// parallel calls of 2M gas each) queued on the node's one thread past the HTTP client's timeout and the run died.
/// </summary>
internal sealed class NaiveKeeper(VaultIndex knownVaults, VaultLensService lens, LiquidationExecutor executor) : IPriceUpdateKeeper
{
    /// <summary>Vaults per <c>previewMany</c> call: about 2M gas (the run prints it), well inside providers' eth_call gas caps.</summary>
    public const int ChunkSize = 100;

    /// <summary>previewMany calls per JSON-RPC batch (each request stays a few seconds of node time at most).</summary>
    public const int ChunksPerBatch = 5;

    public string Name => "naive";

    public async Task<LiquidationRound> HandleAsync(UInt256 price, CancellationToken ct)
    {
        var chunks = knownVaults.Vaults.Select(r => r.Vault).Chunk(ChunkSize).Select(c => c.Select(v => v.ToString()).ToList()).ToList();
        var liquidatable = new List<Address>();
        foreach (var batch in chunks.Chunk(ChunksPerBatch))
        {
            var results = await EthCallBatch.QueryAsync<PreviewManyFunction, PreviewManyOutputDTO>(lens.ContractHandler.EthApiContractService.Client,
                lens.ContractAddress, [.. batch.Select(c => new PreviewManyFunction { Vaults = c })], BlockParameter.CreateLatest(), null, ct);
            for (int c = 0; c < batch.Length; c++)
            {
                var previews = results[c].Error is { } error ? throw error : results[c].Output!.Out;
                liquidatable.AddRange(batch[c].Where((_, i) => previews[i].Liquidatable).Select(Address.Parse));
            }
        }
        return await executor.LiquidateAsync(liquidatable, ct);
    }
}
