using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Vaults.Devnet;

namespace Vaults.Integration.Tests.Devnet;

/// <summary>
/// One Hardhat node per test collection (xunit collection fixture). Tests in the collection run one
/// after another against it; <see cref="DevnetTest"/> snapshots and reverts around each test.
/// Until the Vaults.Ethereum client lands, JSON-RPC goes through the tiny internal <see cref="RawJsonRpc"/>.
/// </summary>
public sealed class DevnetFixture : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private HardhatNode? _node;
    private RawJsonRpc? _rpc;

    /// <summary>The running node.</summary>
    public HardhatNode Node => _node ?? throw new InvalidOperationException("The fixture is not initialised.");

    internal RawJsonRpc Rpc => _rpc ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _node = await HardhatNode.StartAsync(new HardhatNodeOptions()).ConfigureAwait(false);
        _rpc = new RawJsonRpc(Http, _node.RpcUrl);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_node is not null) await _node.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Raw JSON-RPC call; returns the <c>result</c> member.</summary>
    public Task<JsonElement> CallAsync(string method, params object?[] parameters) => Rpc.CallAsync(method, parameters);

    /// <summary><c>evm_snapshot</c>: returns an id usable once with <see cref="RevertAsync"/>.</summary>
    public async Task<string> SnapshotAsync() => (await CallAsync("evm_snapshot").ConfigureAwait(false)).GetString()!;

    /// <summary><c>evm_revert</c>: restores the snapshot and consumes it; false if the id is unknown or used.</summary>
    public async Task<bool> RevertAsync(string snapshotId) => (await CallAsync("evm_revert", snapshotId).ConfigureAwait(false)).GetBoolean();

    /// <summary><c>hardhat_setBalance</c>.</summary>
    public Task SetBalanceAsync(string address, BigInteger wei) => CallAsync("hardhat_setBalance", address, ToQuantity(wei));

    /// <summary><c>eth_getBalance</c> at the latest block.</summary>
    public async Task<BigInteger> GetBalanceAsync(string address) =>
        ParseQuantity((await CallAsync("eth_getBalance", address, "latest").ConfigureAwait(false)).GetString()!);

    private static string ToQuantity(BigInteger value) => "0x" + (value.IsZero ? "0" : value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0'));

    private static BigInteger ParseQuantity(string hex) => BigInteger.Parse("0" + hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
