using System.Numerics;
using Microsoft.Extensions.Logging;
using Vaults.Contracts.Deployment;
using Vaults.Ethereum;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.TransactionManagers;
using Vaults.Ethereum.Util;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper's view of the world, checked once at start: the deployment, the signing account, and a node that answers, is on the
/// deployment's chain and has the factory deployed. Its <see cref="Web3"/> retries transient RPC failures (<see cref="ResilientRpcClient"/>),
/// signs locally with its own nonce counter, and caps fees at <see cref="KeeperOptions.MaxFeeGwei"/>.
/// </summary>
internal sealed class KeeperConnection : IAsyncDisposable
{
    private KeeperConnection(VaultsDeployment deployment, Web3 web3, WebSocketClient? webSocket)
    {
        Deployment = deployment;
        Web3 = web3;
        WebSocket = webSocket;
    }

    public VaultsDeployment Deployment { get; }

    public Web3 Web3 { get; }

    /// <summary>For push triggers; null without <see cref="KeeperOptions.WebSocketUrl"/>.</summary>
    public WebSocketClient? WebSocket { get; }

    public Address Keeper => Web3.TransactionManager!.Account.Address;

    /// <exception cref="KeeperStartupException">Missing or bad deployment file, bad key, unreachable node, wrong chain, no factory.</exception>
    public static async Task<KeeperConnection> OpenAsync(KeeperOptions options, KeeperStatus status, ILogger logger, CancellationToken ct)
    {
        var deployment = options.Deployment ?? await ReadDeploymentAsync(options.DeploymentFile!, ct).ConfigureAwait(false);
        long chainId = options.ChainId ?? deployment.ChainId;
        var account = KeeperKey.Load(options, chainId);
        var http = new RpcClient(options.RpcUrl!, new RpcClientOptions { Timeout = options.RpcTimeout, ConnectTimeout = options.RpcTimeout });
        // The client's redacted URL: an endpoint's credentials and API key never reach a message.
        await CheckNodeAsync(new EthApiService(http), http.RedactedUrl, chainId, deployment, ct).ConfigureAwait(false);

        var client = new ResilientRpcClient(http, options.RpcRetries, status, logger);
        var web3 = new Web3(account, client, new TransactionManagerOptions
        {
            MaxFeePerGasCap = options.MaxFeeGwei is { } gwei ? new BigInteger(gwei * 1_000_000_000m) : null,
            ReceiptPollInterval = TimeSpan.FromMilliseconds(50),
        });
        var webSocket = string.IsNullOrWhiteSpace(options.WebSocketUrl)
            ? null
            : new WebSocketClient(options.WebSocketUrl, new WebSocketClientOptions { RequestTimeout = options.RpcTimeout, MaxReconnectDelay = TimeSpan.FromSeconds(5) });
        return new KeeperConnection(deployment, web3, webSocket);
    }

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

    private static async Task CheckNodeAsync(EthApiService eth, string redactedUrl, long chainId, VaultsDeployment deployment, CancellationToken ct)
    {
        BigInteger nodeChainId;
        byte[] factoryCode;
        try
        {
            nodeChainId = (await eth.ChainIdAsync(ct).ConfigureAwait(false)).Value;
            factoryCode = await eth.GetCodeAsync(deployment.VaultFactory.ToLowerHex(), null, ct).ConfigureAwait(false);
        }
        catch (RpcClientException e)
        {
            throw new KeeperStartupException($"Cannot reach the node at {redactedUrl}: {e.Message}");
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
