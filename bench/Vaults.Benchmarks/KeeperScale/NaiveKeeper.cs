using Vaults.Contracts.VaultLens;
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
/// </summary>
internal sealed class NaiveKeeper(VaultIndex knownVaults, VaultLensService lens, LiquidationExecutor executor) : IPriceUpdateKeeper
{
    /// <summary>Vaults per <c>previewMany</c> call: about 2M gas (the run prints it), well inside providers' eth_call gas caps.</summary>
    public const int ChunkSize = 100;

    public string Name => "naive";

    public async Task<LiquidationRound> HandleAsync(UInt256 price, CancellationToken ct)
    {
        var chunks = knownVaults.Vaults.Select(r => r.Vault).Chunk(ChunkSize).Select(c => c.Select(v => v.ToString()).ToList()).ToList();
        var previews = await Task.WhenAll(chunks.Select(c => lens.PreviewManyQueryAsync(c, null, ct)));
        var liquidatable = new List<Address>();
        for (int c = 0; c < chunks.Count; c++)
            liquidatable.AddRange(chunks[c].Where((_, i) => previews[c][i].Liquidatable).Select(Address.Parse));
        return await executor.LiquidateAsync(liquidatable, ct);
    }
}
