using Vaults.Chain;
using Vaults.Keeper.Index;

namespace Vaults.Keeper.Storage;

/// <summary>One vault's new state in a processed block range: its record, or removal (closed or fully liquidated).</summary>
/// <param name="Vault">The vault.</param>
/// <param name="Record">The new record, or null when the vault left the index.</param>
/// <param name="Block">The block of the change.</param>
/// <param name="Seq">The per-vault sequence number of the event that made the change.</param>
public sealed record VaultChange(Address Vault, VaultRecord? Record, ulong Block, uint Seq)
{
    /// <summary>An upsert.</summary>
    public static VaultChange Upsert(VaultRecord record) => new(record.Vault, record, record.Block, record.Seq);

    /// <summary>A removal at <paramref name="block"/>.</summary>
    public static VaultChange Removal(Address vault, ulong block, uint seq) => new(vault, null, block, seq);
}
