using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>The transaction object of <c>eth_estimateGas</c> and <c>eth_sendTransaction</c>.</summary>
public sealed record TransactionInput : CallInput
{
    /// <summary>An empty transaction object.</summary>
    public TransactionInput() { }

    /// <summary>A transaction of <paramref name="data"/> to <paramref name="to"/> from <paramref name="from"/> (Nethereum's argument order).</summary>
    public TransactionInput(string? data, string? to, string? from, HexBigInteger? value = null)
    {
        Data = data;
        To = to;
        From = from;
        Value = value;
    }

    /// <summary>The nonce (optional; the node fills it in).</summary>
    public HexBigInteger? Nonce { get; init; }

    /// <summary>The transaction type: 0 legacy, 1 access list, 2 EIP-1559.</summary>
    public HexBigInteger? Type { get; init; }

    /// <summary>The chain id (optional).</summary>
    public HexBigInteger? ChainId { get; init; }
}
