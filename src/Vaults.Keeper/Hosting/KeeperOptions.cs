using System.ComponentModel.DataAnnotations;
using Vaults.Contracts.Deployment;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper daemon's settings (configuration section <c>Keeper</c>; flags and <c>VAULTS_KEEPER__*</c> environment variables map onto it).
/// A class, not a record: a record's generated ToString would print <see cref="PrivateKey"/>.
/// </summary>
public sealed class KeeperOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Keeper";

    /// <summary>The default environment variable holding the key.</summary>
    public const string DefaultKeyEnvironmentVariable = "VAULTS_KEEPER_PRIVATE_KEY";

    /// <summary>HTTP(S) JSON-RPC endpoint (required).</summary>
    [Required(ErrorMessage = "Keeper:RpcUrl (--rpc-url) is required.")]
    public string? RpcUrl { get; set; }

    /// <summary>WebSocket endpoint for push triggers (AnswerUpdated logs and new heads); polling alone when null.</summary>
    public string? WebSocketUrl { get; set; }

    /// <summary>The deployment JSON written by <c>VaultsDeploymentFile</c>; ignored when <see cref="Deployment"/> is set.</summary>
    public string? DeploymentFile { get; set; }

    /// <summary>In-process use (CLI demo, tests): the deployment itself instead of a file.</summary>
    public VaultsDeployment? Deployment { get; set; }

    /// <summary>
    /// In-process only: a Nethereum Web3 with an account that the keeper signs and reads through as given (for example one built with
    /// <c>new Web3(new Account(key, chainId), url)</c>); the key options are then not read. Null: the keeper builds its own from the options.
    /// </summary>
    public Nethereum.Web3.IWeb3? Web3 { get; set; }

    /// <summary>The SQLite file holding the index, the last processed block and the in-flight transactions.</summary>
    public string DatabasePath { get; set; } = "keeper.db";

    /// <summary>The environment variable holding the hex private key (when no keystore is given).</summary>
    public string KeyEnvironmentVariable { get; set; } = DefaultKeyEnvironmentVariable;

    /// <summary>A Web3 Secret Storage v3 keystore; needs <see cref="PasswordFile"/>.</summary>
    public string? KeystoreFile { get; set; }

    /// <summary>A file whose first line is the keystore password.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>In-process use only: the hex key itself. Refused when it comes from configuration (keys do not belong in config files).</summary>
    public string? PrivateKey { get; set; }

    /// <summary>Expected chain id; defaults to the deployment's.</summary>
    public long? ChainId { get; set; }

    /// <summary>Cap on maxFeePerGas, in gwei; no cap when null.</summary>
    [Range(typeof(decimal), "0.000000001", "1000000", ErrorMessage = "Keeper:MaxFeeGwei (--max-fee-gwei) must be between 1e-9 and 1,000,000 gwei.")]
    public decimal? MaxFeeGwei { get; set; }

    /// <summary>Most vaults per <c>liquidateBatch</c>; batches are also sized by gas (<see cref="MaxBatchGas"/>).</summary>
    [Range(1, 1000, ErrorMessage = "Keeper:MaxBatchSize must be between 1 and 1000.")]
    public int MaxBatchSize { get; set; } = 300;

    /// <summary>Gas one <c>liquidateBatch</c> may use (at 50,000 gas budgeted per vault: 317 vaults), at most EIP-7825's 2^24.</summary>
    [Range(300_000, 16_777_216, ErrorMessage = "Keeper:MaxBatchGas (--max-batch-gas) must be between 300000 and 16777216 (EIP-7825's per-transaction cap).")]
    public long MaxBatchGas { get; set; } = 16_000_000;

    /// <summary>This keeper's shard, "i/n" with 0 &lt;= i &lt; n.</summary>
    public string Shard { get; set; } = "0/1";

    /// <summary>Port of /healthz and /metrics on 127.0.0.1; 0 turns the endpoint off.</summary>
    [Range(0, 65535, ErrorMessage = "Keeper:HttpPort (--http-port) must be between 0 and 65535.")]
    public int HttpPort { get; set; }

    /// <summary>How often to poll the node for new blocks (the fallback trigger, and the only one without a WebSocket).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of one JSON-RPC call (retried with backoff up to <see cref="RpcRetries"/> times).</summary>
    public TimeSpan RpcTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries of a failed JSON-RPC call (transport errors and timeouts only; a node's error answer is not retried).</summary>
    [Range(0, 20, ErrorMessage = "Keeper:RpcRetries must be between 0 and 20.")]
    public int RpcRetries { get; set; } = 3;

    /// <summary>Blocks per eth_getLogs call when scanning.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Keeper:ScanChunkSize must be between 1 and 1,000,000.")]
    public int ScanChunkSize { get; set; } = 2_000;

    /// <summary>How long a sent transaction may stay unmined before it is replaced (same nonce, fees bumped).</summary>
    public TimeSpan StuckTransactionTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
