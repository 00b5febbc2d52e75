using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.Contracts;

/// <summary>
/// A revert with a custom error (<c>revert InsufficientBalance(5, 10)</c>). When the error is known from an ABI,
/// <see cref="ErrorName"/> and <see cref="Arguments"/> are filled in; otherwise only the raw data is available.
/// </summary>
public class SmartContractCustomErrorRevertException : SmartContractException
{
    /// <summary>Creates the exception.</summary>
    public SmartContractCustomErrorRevertException(string message, byte[] exceptionEncodedData, string? errorName = null,
        IReadOnlyList<KeyValuePair<string, object?>>? arguments = null, Exception? innerException = null)
        : base(message, exceptionEncodedData, innerException)
    {
        ExceptionEncodedData = exceptionEncodedData ?? [];
        ErrorName = errorName;
        Arguments = arguments ?? [];
    }

    /// <summary>The full revert data: 4-byte selector followed by the encoded arguments.</summary>
    public byte[] ExceptionEncodedData { get; }

    /// <summary>The error's name, or null when the selector matched no known error.</summary>
    public string? ErrorName { get; }

    /// <summary>The decoded arguments by parameter name ("arg0", "arg1", ... for unnamed ones); empty when unknown.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Arguments { get; }

    /// <summary>The 4-byte selector as "0xabcdef01" (or the whole data if shorter).</summary>
    public string SelectorHex => HexConvert.ToHex(ExceptionEncodedData.AsSpan(0, Math.Min(4, ExceptionEncodedData.Length)));

    /// <summary>True when the revert data carries <paramref name="error"/>'s selector.</summary>
    public bool IsCustomErrorFor(AbiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Matches(ExceptionEncodedData);
    }

    /// <summary>Decodes the arguments as <paramref name="error"/> (checks the selector).</summary>
    public object?[] DecodeError(AbiError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Decode(ExceptionEncodedData);
    }
}
