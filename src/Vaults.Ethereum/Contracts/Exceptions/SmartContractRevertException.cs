using System.Numerics;

namespace Vaults.Ethereum.Contracts;

/// <summary>
/// A revert with <c>Error(string)</c> (<see cref="RevertReason"/> set), a <c>Panic(uint256)</c> (<see cref="PanicCode"/> set),
/// or without any data ("reverted without a reason").
/// </summary>
public class SmartContractRevertException : SmartContractException
{
    /// <summary>Creates the exception.</summary>
    public SmartContractRevertException(string message, string? revertReason = null, BigInteger? panicCode = null, byte[]? revertData = null, Exception? innerException = null)
        : base(message, revertData, innerException)
    {
        RevertReason = revertReason;
        PanicCode = panicCode;
    }

    /// <summary>The <c>require</c>/<c>revert</c> reason string, when the contract supplied one.</summary>
    public string? RevertReason { get; }

    /// <summary>The Solidity panic code (0x01 assert, 0x11 overflow, 0x12 division by zero, ...), for <c>Panic(uint256)</c> reverts.</summary>
    public BigInteger? PanicCode { get; }

    /// <summary>A readable description of a Solidity panic code.</summary>
    public static string DescribePanic(BigInteger code) => (int)(code > 0xFF ? 0x100 : code) switch
    {
        0x00 => "generic compiler panic",
        0x01 => "assertion failed (assert)",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value (conversion out of range)",
        0x22 => "incorrectly encoded storage byte array",
        0x31 => "pop() on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory (allocation too large)",
        0x51 => "call to a zero-initialized internal function variable",
        _ => "unknown panic code",
    };
}
