using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Newtonsoft.Json.Linq;

namespace Vaults.Chain;

/// <summary>
/// Development-chain controls for Hardhat (and Anvil, which accepts the same <c>evm_*</c>/<c>hardhat_*</c> names), sent through any
/// Nethereum <see cref="IClient"/>: Nethereum as served has no typed requests for them. A Hardhat snapshot can be reverted only once:
/// take a new one after each revert.
/// </summary>
public sealed class DevToolsService(IClient client)
{
    private long _nextId;

    /// <summary>The underlying client.</summary>
    public IClient Client { get; } = client ?? throw new ArgumentNullException(nameof(client));

    private Task<T> Send<T>(CancellationToken ct, string method, params object[] args) =>
        Client.SendRequestAsync<T>(new RpcRequest(Interlocked.Increment(ref _nextId), method, args)).WaitAsync(ct);

    /// <summary><c>evm_snapshot</c>: returns the snapshot id.</summary>
    public Task<string> SnapshotAsync(CancellationToken ct = default) => Send<string>(ct, "evm_snapshot");

    /// <summary><c>evm_revert</c>: true when the snapshot existed (each id can be reverted once).</summary>
    public Task<bool> RevertAsync(string snapshotId, CancellationToken ct = default) => Send<bool>(ct, "evm_revert", snapshotId);

    /// <summary>
    /// Mines blocks: <c>evm_mine</c> for one block, <c>hardhat_mine(count, interval)</c> for several
    /// (Hardhat's fast multi-block mining may not trigger newHeads subscriptions).
    /// </summary>
    public Task MineAsync(long? count = null, long? intervalSeconds = null, CancellationToken ct = default)
    {
        if (count is null or 1 && intervalSeconds is null) return Send<JToken>(ct, "evm_mine");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count ?? 1, nameof(count));
        return intervalSeconds is null
            ? Send<JToken>(ct, "hardhat_mine", new HexBigInteger(count ?? 1))
            : Send<JToken>(ct, "hardhat_mine", new HexBigInteger(count ?? 1), new HexBigInteger(intervalSeconds.Value));
    }

    /// <summary><c>evm_setAutomine</c>.</summary>
    public Task SetAutomineAsync(bool enabled, CancellationToken ct = default) => Send<JToken>(ct, "evm_setAutomine", enabled);

    /// <summary><c>evm_setIntervalMining</c> (0 disables interval mining).</summary>
    public Task SetIntervalMiningAsync(long milliseconds, CancellationToken ct = default) => Send<JToken>(ct, "evm_setIntervalMining", milliseconds);

    /// <summary><c>evm_setNextBlockTimestamp</c> (Unix seconds).</summary>
    public Task SetNextBlockTimestampAsync(long unixSeconds, CancellationToken ct = default) => Send<JToken>(ct, "evm_setNextBlockTimestamp", unixSeconds);

    /// <summary><c>evm_increaseTime</c>: moves the clock of the next block forward.</summary>
    public Task IncreaseTimeAsync(long seconds, CancellationToken ct = default) => Send<JToken>(ct, "evm_increaseTime", seconds);

    /// <summary><c>hardhat_setBalance</c> in wei.</summary>
    public Task SetBalanceAsync(string address, BigInteger wei, CancellationToken ct = default) =>
        Send<JToken>(ct, "hardhat_setBalance", address, new HexBigInteger(wei));

    /// <summary><c>hardhat_dropTransaction</c>: true when a pending transaction was removed.</summary>
    public Task<bool> DropTransactionAsync(string transactionHash, CancellationToken ct = default) => Send<bool>(ct, "hardhat_dropTransaction", transactionHash);
}
