using System.Numerics;
using System.Text.Json;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;

namespace Vaults.Ethereum.RPC.DevTools;

/// <summary>
/// Development-chain controls for Hardhat (and Anvil, which accepts the same <c>evm_*</c>/<c>hardhat_*</c> names).
/// Remember that a Hardhat snapshot can be reverted only once: take a new one after each revert.
/// </summary>
public class DevToolsService(IClient client)
{
    /// <summary>The underlying client.</summary>
    public IClient Client { get; } = client ?? throw new ArgumentNullException(nameof(client));

    private Task<T> Send<T>(CancellationToken ct, string method, params object?[] args) => Client.SendRequestAsync<T>(new RpcRequest(method, args), ct);

    /// <summary><c>evm_snapshot</c>: returns the snapshot id.</summary>
    public Task<string> SnapshotAsync(CancellationToken ct = default) => Send<string>(ct, "evm_snapshot");

    /// <summary><c>evm_revert</c>: true when the snapshot existed (each id can be reverted once).</summary>
    public Task<bool> RevertAsync(string snapshotId, CancellationToken ct = default) => Send<bool>(ct, "evm_revert", snapshotId);

    /// <summary>
    /// Mines blocks: <c>evm_mine</c> for one block, <c>hardhat_mine(count, interval)</c> for several
    /// (note: Hardhat's fast multi-block mining may not trigger newHeads subscriptions).
    /// </summary>
    public Task MineAsync(long? count = null, long? intervalSeconds = null, CancellationToken ct = default)
    {
        if (count is null or 1 && intervalSeconds is null) return Send<JsonElement>(ct, "evm_mine");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count ?? 1, nameof(count));
        return intervalSeconds is null
            ? Send<JsonElement>(ct, "hardhat_mine", new HexBigInteger(count ?? 1))
            : Send<JsonElement>(ct, "hardhat_mine", new HexBigInteger(count ?? 1), new HexBigInteger(intervalSeconds.Value));
    }

    /// <summary><c>evm_setAutomine</c>.</summary>
    public Task SetAutomineAsync(bool enabled, CancellationToken ct = default) => Send<JsonElement>(ct, "evm_setAutomine", enabled);

    /// <summary><c>evm_setIntervalMining</c> (0 disables interval mining).</summary>
    public Task SetIntervalMiningAsync(long milliseconds, CancellationToken ct = default) => Send<JsonElement>(ct, "evm_setIntervalMining", milliseconds);

    /// <summary><c>evm_increaseTime</c>: moves the clock of the next block forward.</summary>
    public Task IncreaseTimeAsync(long seconds, CancellationToken ct = default) => Send<JsonElement>(ct, "evm_increaseTime", seconds);

    /// <summary><c>evm_setNextBlockTimestamp</c> (Unix seconds).</summary>
    public Task SetNextBlockTimestampAsync(long unixSeconds, CancellationToken ct = default) => Send<JsonElement>(ct, "evm_setNextBlockTimestamp", unixSeconds);

    /// <summary><c>hardhat_setBalance</c> in wei.</summary>
    public Task SetBalanceAsync(string address, BigInteger wei, CancellationToken ct = default) =>
        Send<JsonElement>(ct, "hardhat_setBalance", address, new HexBigInteger(wei));

    /// <summary><c>hardhat_setCode</c>.</summary>
    public Task SetCodeAsync(string address, byte[] code, CancellationToken ct = default) => Send<JsonElement>(ct, "hardhat_setCode", address, code);

    /// <summary><c>hardhat_setNonce</c> (Hardhat only lets it increase).</summary>
    public Task SetNonceAsync(string address, BigInteger nonce, CancellationToken ct = default) =>
        Send<JsonElement>(ct, "hardhat_setNonce", address, new HexBigInteger(nonce));

    /// <summary><c>hardhat_impersonateAccount</c>: then send <c>eth_sendTransaction</c> with <c>from</c> = the address.</summary>
    public Task ImpersonateAccountAsync(string address, CancellationToken ct = default) => Send<JsonElement>(ct, "hardhat_impersonateAccount", address);

    /// <summary><c>hardhat_stopImpersonatingAccount</c>.</summary>
    public Task StopImpersonatingAccountAsync(string address, CancellationToken ct = default) => Send<JsonElement>(ct, "hardhat_stopImpersonatingAccount", address);

    /// <summary><c>hardhat_dropTransaction</c>: true when a pending transaction was removed.</summary>
    public Task<bool> DropTransactionAsync(string transactionHash, CancellationToken ct = default) => Send<bool>(ct, "hardhat_dropTransaction", transactionHash);

    /// <summary><c>hardhat_metadata</c>: client version, chain id, instance id and head (a cheap readiness probe).</summary>
    public Task<HardhatMetadata> MetadataAsync(CancellationToken ct = default) => Send<HardhatMetadata>(ct, "hardhat_metadata");
}
