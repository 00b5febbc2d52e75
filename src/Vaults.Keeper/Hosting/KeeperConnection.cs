using System.Numerics;
using Microsoft.Extensions.Logging;
using Vaults.Contracts.Deployment;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC;
using Nethereum.RPC.NonceServices;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper's view of the world, checked once at start: the deployment, the signing account, and a node that answers, is on the
/// deployment's chain and has the factory deployed. Its <see cref="Web3"/> retries transient RPC failures (<see cref="ResilientRpcClient"/>),
/// signs locally with its own nonce counter, and caps fees at <see cref="KeeperOptions.MaxFeeGwei"/>.
/// </summary>
internal sealed class KeeperConnection : IAsyncDisposable
{
    private KeeperConnection(VaultsDeployment deployment, IWeb3 web3, SubscriptionClient? webSocket)
    {
        Deployment = deployment;
        Web3 = web3;
        WebSocket = webSocket;
    }

    /// <summary>The settlement token's decimals, read once at start for the log's amounts in tokens (null if it did not answer).</summary>
    public int? TokenDecimals { get; private set; }

    /// <summary>The settlement token's symbol, for the log.</summary>
    public string TokenSymbol { get; private set; } = "tokens";

    /// <summary>Reads the token's decimals and symbol; a token that does not answer leaves the log in base units (said so), not the keeper stopped.</summary>
    private async Task<KeeperConnection> WithTokenAsync(CancellationToken ct)
    {
        try
        {
            var token = new Vaults.Contracts.TestUSDC.TestUSDCService(Web3, Deployment.SettlementToken);
            TokenDecimals = await token.DecimalsQueryAsync(null, ct).ConfigureAwait(false);
            TokenSymbol = await token.SymbolQueryAsync(null, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (RpcFailures.Is(e) || e is Nethereum.ABI.FunctionEncoding.SmartContractRevertException)
        {
        }
        return this;
    }

    public VaultsDeployment Deployment { get; }

    public IWeb3 Web3 { get; }

    /// <summary>For push triggers; null without <see cref="KeeperOptions.WebSocketUrl"/>.</summary>
    public SubscriptionClient? WebSocket { get; }

    public Address Keeper => Web3.TransactionManager!.Account.Address;

    /// <exception cref="KeeperStartupException">Missing or bad deployment file, bad key, unreachable node, wrong chain, no factory.</exception>
    public static async Task<KeeperConnection> OpenAsync(KeeperOptions options, KeeperStatus status, ILogger logger, CancellationToken ct)
    {
        var deployment = options.Deployment ?? await ReadDeploymentAsync(options.DeploymentFile!, ct).ConfigureAwait(false);
        long chainId = options.ChainId ?? deployment.ChainId;
        var redacted = RpcUrl.Redact(options.RpcUrl!);
        if (options.Web3 is { } own)
        {
            // A Web3 the caller built (any Nethereum Web3 with an account): used as given, checked like the keeper's own.
            if (own.TransactionManager?.Account is null) throw new KeeperStartupException("The Web3 given to the keeper has no account to sign with.");
            await CheckNodeAsync(own.Eth, redacted, chainId, deployment, ct).ConfigureAwait(false);
            return await new KeeperConnection(deployment, own, OpenWebSocket(options)).WithTokenAsync(ct).ConfigureAwait(false);
        }
        var account = KeeperKey.Load(options, chainId);
        var url = RpcUrl.Parse(options.RpcUrl, nameof(options.RpcUrl));
        // Nethereum's RPC client; the redacted URL is what messages show: an endpoint's credentials and API key never reach one.
        var http = new RpcClient(RpcUrl.WithoutUserInfo(url), RpcUrl.BasicAuth(url));
        var client = new ResilientRpcClient(http, options.RpcRetries, options.RpcTimeout, status, logger);
        // The start-up check is not retried: an unreachable node is a one-line error at once.
        var probe = new Nethereum.Web3.Web3(new ResilientRpcClient(http, 0, options.RpcTimeout, status, logger));
        await CheckNodeAsync(probe.Eth, redacted, chainId, deployment, ct).ConfigureAwait(false);
        var web3 = VaultsTransactionManager.CreateWeb3(account, client, new VaultsTransactionManagerOptions
        {
            MaxFeePerGasCap = options.MaxFeeGwei is { } gwei ? new BigInteger(gwei * 1_000_000_000m) : null,
            ReceiptPollInterval = TimeSpan.FromMilliseconds(50),
            FeeSuggestion = FeeSuggestion.LatestBlock, // a fixed number of calls per send (the fee history's count varies)
        });
        return await new KeeperConnection(deployment, web3, OpenWebSocket(options)).WithTokenAsync(ct).ConfigureAwait(false);
    }

    private static SubscriptionClient? OpenWebSocket(KeeperOptions options) =>
        string.IsNullOrWhiteSpace(options.WebSocketUrl)
            ? null
            : new SubscriptionClient(options.WebSocketUrl, new SubscriptionClientOptions { RequestTimeout = options.RpcTimeout, MaxReconnectDelay = TimeSpan.FromSeconds(5) });

    private static async Task<VaultsDeployment> ReadDeploymentAsync(string path, CancellationToken ct)
    {
        try
        {
            return await VaultsDeploymentFile.ReadAsync(path, ct).ConfigureAwait(false);
        }
        catch (DeploymentFileException e)
        {
            throw new KeeperStartupException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeeperStartupException($"Cannot read the deployment file '{path}': {e.Message}");
        }
    }

    private static async Task CheckNodeAsync(IEthApiService eth, string redactedUrl, long chainId, VaultsDeployment deployment, CancellationToken ct)
    {
        BigInteger nodeChainId;
        byte[] factoryCode;
        try
        {
            nodeChainId = (await eth.ChainIdAsync(ct).ConfigureAwait(false)).Value;
            factoryCode = await eth.GetCodeAsync(deployment.VaultFactory.ToLowerHex(), null, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (RpcFailures.Is(e))
        {
            throw new KeeperStartupException($"Cannot reach the node at {redactedUrl}: {RpcFailures.Reason(e)}");
        }
        if (nodeChainId != chainId)
            throw new KeeperStartupException($"Wrong chain: the node at {redactedUrl} is on chain id {nodeChainId}, but the keeper expects chain id {chainId} (from the deployment or --chain-id).");
        if (factoryCode.Length == 0)
            throw new KeeperStartupException($"No contract at the deployment's VaultFactory {deployment.VaultFactory} on the node at {redactedUrl}: wrong deployment file or node.");
    }

    public async ValueTask DisposeAsync()
    {
        if (WebSocket is not null) await WebSocket.DisposeAsync().ConfigureAwait(false);
    }
}
