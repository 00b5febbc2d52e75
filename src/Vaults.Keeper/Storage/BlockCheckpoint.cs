namespace Vaults.Keeper.Storage;

/// <summary>A processed block: its number and hash, kept to detect reorgs.</summary>
/// <param name="Number">The block number.</param>
/// <param name="Hash">The block hash, "0x" hex, lower case.</param>
public sealed record BlockCheckpoint(ulong Number, string Hash);
