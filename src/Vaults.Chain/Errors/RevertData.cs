using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Newtonsoft.Json.Linq;

namespace Vaults.Chain;

/// <summary>
/// Revert data in a node's error answer, and the Nethereum exception it stands for. Nodes put it in different shapes: a hex string
/// (geth, Hardhat), an object with a <c>data</c> member (Hardhat sometimes nests <c>{"message":..,"data":"0x.."}</c>), <c>null</c> or
/// absent, and <c>"0x"</c> (Anvil's empty revert). Nethereum's own handler reads only the first.
/// </summary>
public static class RevertData
{
    /// <summary>The revert data as hex ("0x" for an empty revert), or null when the error carries none.</summary>
    public static string? Get(RpcError? error) => error?.Data switch
    {
        JToken token => Extract(token, depth: 0),
        string text => Extract(new JValue(text), depth: 0),
        _ => null,
    };

    /// <summary>
    /// The exception Nethereum's contract handlers throw for this revert data: <see cref="SmartContractRevertException"/> for
    /// <c>Error(string)</c>, <see cref="SmartContractCustomErrorRevertException"/> for a custom error (and for an empty revert).
    /// </summary>
    public static Exception ToException(string revertData, Exception? inner = null)
    {
        var reason = new FunctionCallDecoder().DecodeFunctionErrorMessage(revertData);
        if (reason is not null) return new SmartContractRevertException(reason, revertData, inner);
        return new SmartContractCustomErrorRevertException(revertData);
    }

    /// <summary>The exception for <paramref name="e"/>'s revert data, or null when it carries none.</summary>
    public static Exception? ToException(RpcResponseException e) => Get(e.RpcError) is { } data ? ToException(data, e) : null;

    private static string? Extract(JToken element, int depth)
    {
        if (depth > 4) return null;
        switch (element.Type)
        {
            case JTokenType.String:
                var text = element.Value<string>()!;
                return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && text.IsHex() && text.Length % 2 == 0 ? text : null;
            case JTokenType.Object:
                return element["data"] is { } inner ? Extract(inner, depth + 1) : null;
            default:
                return null;
        }
    }
}
