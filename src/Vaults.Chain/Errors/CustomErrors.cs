using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Vaults.Chain;

/// <summary>A custom error decoded by name: the error's name and its arguments in order (addresses checksummed).</summary>
/// <param name="Name">The Solidity error name.</param>
/// <param name="Arguments">Each argument by its parameter name (empty for unnamed ones) with its decoded value.</param>
public sealed record DecodedCustomError(string Name, IReadOnlyList<KeyValuePair<string, object?>> Arguments);

/// <summary>
/// Decodes a <see cref="SmartContractCustomErrorRevertException"/> against the error DTOs of a set of contracts (the generated
/// <c>GeneratedContractErrors.All</c>), with Nethereum's ABI decoder, so any error of any bound contract is named, also one raised by a
/// contract the call reached internally.
/// </summary>
public static class CustomErrors
{
    /// <summary>The first of <paramref name="errorTypes"/> whose selector the revert data carries, decoded; null when none matches.</summary>
    public static DecodedCustomError? Decode(SmartContractCustomErrorRevertException e, IEnumerable<Type> errorTypes)
    {
        ArgumentNullException.ThrowIfNull(e);
        foreach (var type in errorTypes)
        {
            if (!e.IsCustomErrorFor(type)) continue;
            var abi = ABITypedRegistry.GetError(type);
            var arguments = e.DecodeErrorToDefault(abi)
                .OrderBy(o => o.Parameter.Order)
                .Select(o => new KeyValuePair<string, object?>(o.Parameter.Name ?? "",
                    o.Parameter.Type == "address" && o.Result is string a && Address.TryParse(a, out var address) ? address.ToString() : o.Result))
                .ToList();
            return new DecodedCustomError(abi.Name, arguments);
        }
        return null;
    }

    /// <summary>The 4-byte selector of the revert data as "0xabcdef01" (or the whole data when shorter).</summary>
    public static string Selector(SmartContractCustomErrorRevertException e)
    {
        var data = e.ExceptionEncodedData ?? "0x";
        return data.Length <= 10 ? data : data[..10];
    }

    /// <summary>
    /// The error as one line, "Smart contract error -- Name(arg: value, ...)", or with the selector when no type matches (Nethereum's
    /// undecoded exception says only "Smart contract error").
    /// </summary>
    public static string Describe(SmartContractCustomErrorRevertException e, IEnumerable<Type> errorTypes) =>
        Decode(e, errorTypes) is { } decoded
            ? $"Smart contract error -- {decoded.Name}({string.Join(", ", decoded.Arguments.Select(a => $"{a.Key}: {a.Value}"))})"
            : $"Smart contract error -- unknown custom error {Selector(e)}";
}
