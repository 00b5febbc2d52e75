namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>The result of <c>eth_getBlockByNumber</c>/<c>eth_getBlockByHash</c> with <c>fullTransactions = false</c>.</summary>
public sealed record BlockWithTransactionHashes : BlockHeader
{
    /// <summary>The transaction hashes, in block order.</summary>
    public string[] Transactions { get; init; } = [];

    /// <summary>The block size in bytes.</summary>
    public Hex.HexBigInteger? Size { get; init; }
}
