using System.Numerics;
using Vaults.Devnet;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Web3.Accounts;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC;
using Nethereum.RPC.Eth.DTOs;
using Newtonsoft.Json.Linq;
using Vaults.TestNodes;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Vaults.Integration.Tests.Devnet;

/// <summary>
/// One Hardhat node per test collection (xunit collection fixture). Tests in the collection run one
/// after another against it; <see cref="DevnetTest"/> snapshots and reverts around each test.
/// The node comes from <see cref="TestNodes"/>: a container when Docker answers, a child process otherwise.
/// </summary>
/// <param name="diagnostics">xunit's sink (injected for a collection fixture): receives the one line saying how the tests get their node.</param>
public sealed class DevnetFixture(IMessageSink? diagnostics = null) : IAsyncLifetime
{
    private IDevnetNode? _node;
    private RpcClient? _client;

    /// <summary>The running node.</summary>
    public IDevnetNode Node => _node ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The JSON-RPC client for the node.</summary>
    public IClient Client => _client ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>The eth_* API of the node.</summary>
    public IEthApiService Eth => new EthApiService(Client);

    /// <summary>Hardhat's evm_* and hardhat_* methods.</summary>
    public DevToolsService DevTools => new(Client);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        // Only a fixture xunit created has a sink; one made by a test passes no reporter, leaving the line to a fixture that can print it.
        _node = await TestNodes.TestNodes.StartAsync(diagnostics is { } sink ? line => sink.OnMessage(new DiagnosticMessage(line)) : null).ConfigureAwait(false);
        _client = new RpcClient(_node.RpcUrl);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// A Nethereum Web3 signing for Hardhat dev account <paramref name="index"/> through the project's transaction manager (its own
    /// nonce counter: create one per test).
    /// </summary>
    public Web3 CreateWeb3(int index = 0, VaultsTransactionManagerOptions? options = null) =>
        VaultsTransactionManager.CreateWeb3(new Account(Node.Accounts[index].PrivateKey, Node.ChainId), Client,
            options ?? new VaultsTransactionManagerOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(10) });

    /// <summary>Raw JSON-RPC call; returns the <c>result</c> member.</summary>
    public Task<JToken> CallAsync(string method, params object[] parameters) =>
        Client.SendRequestAsync<JToken>(new RpcRequest(Guid.NewGuid().ToString("N"), method, parameters));

    /// <summary><c>evm_snapshot</c>: returns an id usable once with <see cref="RevertAsync"/>.</summary>
    public Task<string> SnapshotAsync() => DevTools.SnapshotAsync();

    /// <summary><c>evm_revert</c>: restores the snapshot and consumes it; false if the id is unknown or used.</summary>
    public Task<bool> RevertAsync(string snapshotId) => DevTools.RevertAsync(snapshotId);

    /// <summary><c>hardhat_setBalance</c>.</summary>
    public Task SetBalanceAsync(string address, BigInteger wei) => DevTools.SetBalanceAsync(address, wei);

    /// <summary><c>eth_getBalance</c> at the latest block.</summary>
    public async Task<BigInteger> GetBalanceAsync(string address) =>
        (await Eth.GetBalanceAsync(address, BlockParameter.CreateLatest()).ConfigureAwait(false)).Value;
}
