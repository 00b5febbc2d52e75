using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Signer;

/// <summary>
/// One EIP-2930 access-list entry: an address and the storage slots (32 bytes each) the transaction pre-declares.
/// </summary>
/// <param name="Address">The contract address.</param>
/// <param name="StorageKeys">Storage slots, each exactly 32 bytes.</param>
public sealed record AccessListItem(Address Address, IReadOnlyList<byte[]> StorageKeys);
