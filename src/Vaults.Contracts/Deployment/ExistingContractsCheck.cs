using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Hex.HexTypes;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Contracts.Deployment;

/// <summary>
/// Checks the existing token and feed a deployment is given, before anything is sent: each must have code and answer
/// what the system will call (ERC-20 <c>decimals()</c>; Chainlink <c>decimals()</c> and <c>latestRoundData()</c>).
/// Without it a mistyped address deploys the whole system and records a broken deployment, or reverts half-way
/// (the factory reads the feed's decimals when a market is created) and leaves half a system behind.
/// </summary>
internal static class ExistingContractsCheck
{
    private const string DecimalsSelector = "0x313ce567";
    private const string LatestRoundDataSelector = "0xfeaf968c";

    /// <exception cref="DeploymentInputException">The token or the feed has no code or does not answer.</exception>
    public static async Task RunAsync(IWeb3 web3, Address? settlementToken, long chainId, CancellationToken ct)
    {
        if (settlementToken is { } token)
        {
            var what = $"The settlement token {token}";
            await RequireCodeAsync(web3, token, what, chainId, ct).ConfigureAwait(false);
            await RequireDecimalsAsync(web3, token, what, ct).ConfigureAwait(false);
        }
    }

    /// <exception cref="DeploymentInputException">The feed has no code or does not answer as a Chainlink feed.</exception>
    public static async Task RunFeedAsync(IWeb3 web3, Address? priceFeed, long chainId, CancellationToken ct)
    {
        if (priceFeed is { } feed)
        {
            var what = $"The price feed {feed}";
            await RequireCodeAsync(web3, feed, what, chainId, ct).ConfigureAwait(false);
            await RequireDecimalsAsync(web3, feed, what, ct).ConfigureAwait(false);
            var round = await CallAsync(web3, feed, LatestRoundDataSelector, ct).ConfigureAwait(false);
            // (roundId, answer, startedAt, updatedAt, answeredInRound): five words.
            if (round is not { Length: 5 * 32 })
                throw new DeploymentInputException($"{what} does not answer latestRoundData() as a Chainlink AggregatorV3 feed does.");
        }
    }

    private static async Task RequireCodeAsync(IWeb3 web3, Address address, string what, long chainId, CancellationToken ct)
    {
        if ((await web3.Eth.GetCodeAsync(address.ToString(), ct: ct).ConfigureAwait(false)).Length == 0)
            throw new DeploymentInputException($"{what} has no contract code on chain {chainId} (a mistyped address, or another network?).");
    }

    private static async Task RequireDecimalsAsync(IWeb3 web3, Address address, string what, CancellationToken ct)
    {
        var answer = await CallAsync(web3, address, DecimalsSelector, ct).ConfigureAwait(false);
        // A uint8 in one ABI word: 31 zero bytes, then the value.
        if (answer is not { Length: 32 } || answer.AsSpan(0, 31).ContainsAnyExcept((byte)0))
            throw new DeploymentInputException($"{what} does not answer decimals() (uint8).");
    }

    /// <summary>The raw answer, or null when the call reverts.</summary>
    private static async Task<byte[]?> CallAsync(IWeb3 web3, Address address, string selector, CancellationToken ct)
    {
        try
        {
            return await web3.Eth.CallAsync(new CallInput(selector, address.ToString()), ct: ct).ConfigureAwait(false);
        }
        catch (RpcResponseException)
        {
            return null;
        }
    }
}
