using System.Numerics;
using System.Text;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.Hex;

namespace Vaults.Ethereum.Abi;

/// <summary>
/// Turns revert data (from eth_call, eth_estimateGas or a replayed failed transaction) into an exception:
/// <see cref="SmartContractRevertException"/> for <c>Error(string)</c>, <c>Panic(uint256)</c> and empty data;
/// <see cref="SmartContractCustomErrorRevertException"/> for custom errors, decoded when one of <c>knownErrors</c> matches.
/// Never throws on malformed data: it reports what it could not decode instead.
/// </summary>
public static class RevertDecoder
{
    /// <summary>Builds the exception describing <paramref name="revertData"/>.</summary>
    public static Exception Decode(byte[] revertData, IEnumerable<AbiError> knownErrors)
    {
        revertData ??= [];
        knownErrors ??= [];
        if (revertData.Length == 0)
            return new SmartContractRevertException("Smart contract reverted without a reason", revertData: revertData);
        if (revertData.Length < 4)
            return new SmartContractRevertException($"Smart contract reverted with malformed data {HexConvert.ToHex(revertData)} (shorter than a selector)", revertData: revertData);

        if (AbiError.ErrorString.Matches(revertData))
        {
            try
            {
                var reason = (string)AbiError.ErrorString.Decode(revertData)[0]!;
                return new SmartContractRevertException("Smart contract error: " + reason, reason, revertData: revertData);
            }
            catch (AbiDecodingException e)
            {
                return new SmartContractRevertException($"Smart contract reverted with a malformed Error(string): {e.Message}", revertData: revertData, innerException: e);
            }
        }
        if (AbiError.Panic.Matches(revertData))
        {
            try
            {
                var code = (BigInteger)AbiError.Panic.Decode(revertData)[0]!;
                return new SmartContractRevertException(
                    $"Smart contract panic 0x{code.ToString("x").TrimStart('0').PadLeft(2, '0')}: {SmartContractRevertException.DescribePanic(code)}", panicCode: code, revertData: revertData);
            }
            catch (AbiDecodingException e)
            {
                return new SmartContractRevertException($"Smart contract reverted with a malformed Panic(uint256): {e.Message}", revertData: revertData, innerException: e);
            }
        }

        foreach (var error in knownErrors)
        {
            if (error is null || !error.Matches(revertData)) continue;
            object?[] values;
            try { values = error.Decode(revertData); }
            catch (AbiDecodingException e)
            {
                return new SmartContractCustomErrorRevertException(
                    $"Smart contract error -- {error.Name} (arguments could not be decoded: {e.Message})", revertData, error.Name, null, e);
            }
            var args = new KeyValuePair<string, object?>[values.Length];
            var message = new StringBuilder("Smart contract error -- ").Append(error.Name).Append('(');
            for (int i = 0; i < values.Length; i++)
            {
                var p = error.Inputs[i];
                var key = string.IsNullOrEmpty(p.Name) ? "arg" + i : p.Name;
                args[i] = new(key, values[i]);
                if (i > 0) message.Append(", ");
                if (!string.IsNullOrEmpty(p.Name)) message.Append(p.Name).Append(": ");
                message.Append(AbiValueFormatter.Format(values[i], p.Type));
            }
            message.Append(')');
            return new SmartContractCustomErrorRevertException(message.ToString(), revertData, error.Name, args);
        }

        return new SmartContractCustomErrorRevertException(
            $"Smart contract reverted with unknown custom error {HexConvert.ToHex(revertData.AsSpan(0, 4))}", revertData);
    }
}
