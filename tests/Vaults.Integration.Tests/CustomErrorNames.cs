using Nethereum.Contracts;
using Vaults.Chain;

namespace Vaults.Integration.Tests;

/// <summary>
/// The name and arguments of a revert's custom error, decoded by Nethereum against every error DTO generated for the production
/// contracts and for the test contracts (a C# 14 extension, so assertions read <c>ex.ErrorName</c>).
/// </summary>
internal static class CustomErrorNames
{
    private static readonly IReadOnlyList<Type> AllErrors = [.. Vaults.Contracts.GeneratedContractErrors.All, .. Contracts.GeneratedContractErrors.All];

    extension(SmartContractCustomErrorRevertException e)
    {
        /// <summary>The error's name, or null when no bound contract declares its selector.</summary>
        public string? ErrorName => CustomErrors.Decode(e, AllErrors)?.Name;

        /// <summary>The decoded arguments in order (empty when unknown), addresses as <see cref="Address"/> values to compare with the tests' own.</summary>
        public IReadOnlyList<KeyValuePair<string, object?>> Arguments =>
            [.. (CustomErrors.Decode(e, AllErrors)?.Arguments ?? []).Select(a =>
                a.Value is string text && text.Length == 42 && Address.TryParse(text, out var address) ? new KeyValuePair<string, object?>(a.Key, address) : a)];
    }
}
