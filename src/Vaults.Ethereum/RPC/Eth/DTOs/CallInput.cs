using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>The call object of <c>eth_call</c>. Addresses and data are hex strings, as in Nethereum.</summary>
public record CallInput
{
    /// <summary>An empty call object.</summary>
    public CallInput() { }

    /// <summary>A call of <paramref name="data"/> on <paramref name="to"/> (Nethereum's argument order).</summary>
    public CallInput(string data, string to, string? from = null)
    {
        Data = data;
        To = to;
        From = from;
    }

    /// <summary>The sender (optional).</summary>
    public string? From { get; init; }

    /// <summary>The contract (null for a contract-creation call).</summary>
    public string? To { get; init; }

    /// <summary>The calldata, "0x" hex.</summary>
    public string? Data { get; init; }

    /// <summary>The value in wei.</summary>
    public HexBigInteger? Value { get; init; }

    /// <summary>The gas limit.</summary>
    public HexBigInteger? Gas { get; init; }

    /// <summary>A legacy gas price.</summary>
    public HexBigInteger? GasPrice { get; init; }

    /// <summary>EIP-1559 fee cap.</summary>
    public HexBigInteger? MaxFeePerGas { get; init; }

    /// <summary>EIP-1559 tip cap.</summary>
    public HexBigInteger? MaxPriorityFeePerGas { get; init; }
}
