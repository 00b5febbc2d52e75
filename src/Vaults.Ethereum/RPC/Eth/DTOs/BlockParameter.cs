using System.Numerics;
using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.RPC.Eth.DTOs;

/// <summary>A block selector: a tag ("latest", "pending", "earliest", "safe", "finalized") or a block number. Serialises to the tag or a quantity.</summary>
public sealed record BlockParameter
{
    /// <summary>The kinds of block selector.</summary>
    public enum BlockParameterType
    {
        /// <summary>"latest".</summary>
        Latest,
        /// <summary>"earliest".</summary>
        Earliest,
        /// <summary>"pending".</summary>
        Pending,
        /// <summary>"safe".</summary>
        Safe,
        /// <summary>"finalized".</summary>
        Finalized,
        /// <summary>A block number.</summary>
        BlockNumber,
    }

    private BlockParameter(BlockParameterType type) => ParameterType = type;

    /// <summary>Selects a block by number.</summary>
    public BlockParameter(ulong number) : this(new HexBigInteger(number)) { }

    /// <summary>Selects a block by number (must not be negative).</summary>
    public BlockParameter(long number) : this(new HexBigInteger(number)) { }

    /// <summary>Selects a block by number.</summary>
    public BlockParameter(HexBigInteger number)
    {
        ParameterType = BlockParameterType.BlockNumber;
        BlockNumber = number;
    }

    /// <summary>The kind of selector.</summary>
    public BlockParameterType ParameterType { get; }

    /// <summary>The block number, for <see cref="BlockParameterType.BlockNumber"/>.</summary>
    public HexBigInteger? BlockNumber { get; }

    /// <summary>"latest".</summary>
    public static BlockParameter CreateLatest() => Latest;
    /// <summary>"pending".</summary>
    public static BlockParameter CreatePending() => Pending;
    /// <summary>"earliest".</summary>
    public static BlockParameter CreateEarliest() => Earliest;
    /// <summary>"safe".</summary>
    public static BlockParameter CreateSafe() => Safe;
    /// <summary>"finalized".</summary>
    public static BlockParameter CreateFinalized() => Finalized;

    private static readonly BlockParameter Latest = new(BlockParameterType.Latest);
    private static readonly BlockParameter Pending = new(BlockParameterType.Pending);
    private static readonly BlockParameter Earliest = new(BlockParameterType.Earliest);
    private static readonly BlockParameter Safe = new(BlockParameterType.Safe);
    private static readonly BlockParameter Finalized = new(BlockParameterType.Finalized);

    /// <summary>The wire form: the tag or the number as a quantity.</summary>
    public string GetRPCParam() => ParameterType switch
    {
        BlockParameterType.Latest => "latest",
        BlockParameterType.Earliest => "earliest",
        BlockParameterType.Pending => "pending",
        BlockParameterType.Safe => "safe",
        BlockParameterType.Finalized => "finalized",
        _ => BlockNumber!.Value.HexValue,
    };

    /// <summary>Parses a tag or a quantity.</summary>
    public static BlockParameter Parse(string text) => text switch
    {
        "latest" => Latest,
        "earliest" => Earliest,
        "pending" => Pending,
        "safe" => Safe,
        "finalized" => Finalized,
        _ => new BlockParameter(new HexBigInteger(text)),
    };

    /// <summary>A block number.</summary>
    public static implicit operator BlockParameter(ulong number) => new(number);

    /// <summary>A block number.</summary>
    public static implicit operator BlockParameter(BigInteger number) => new(new HexBigInteger(number));

    /// <inheritdoc />
    public override string ToString() => GetRPCParam();
}
