using System.Numerics;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.TestUSDC;
using Vaults.Contracts.MarketConfig;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultLens;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Web3.Accounts;
using Nethereum.RPC;
using Nethereum.RPC.Accounts;

namespace Vaults.Client;

/// <summary>
/// A Vaults system on one node, in people's units: amounts in tokens (decimals read from the token), sizes in base
/// units, prices in quote units. Reads work without a signer; writes need one. Every user-fixable failure surfaces
/// as a <see cref="VaultsClientException"/> with a one-line message (see <see cref="ContractErrors"/>).
/// </summary>
public sealed partial class VaultsClient
{
    /// <summary>Vaults whose liquidation price is within this many percent of the current price are "at risk".</summary>
    public const decimal AtRiskDistancePercent = 10m;

    /// <summary>Vaults per healthMany call and per JSON-RPC batch of position reads.</summary>
    private const int ReadBatchSize = 100;

    private readonly IWeb3 _web3;
    private readonly LogRangeReader _logs;

    private VaultsClient(IWeb3 web3, VaultsDeployment deployment, IAccount? account, int tokenDecimals, string tokenSymbol)
    {
        _web3 = web3;
        _logs = new LogRangeReader(web3.Eth);
        Deployment = deployment;
        Account = account;
        TokenDecimals = tokenDecimals;
        TokenSymbol = tokenSymbol;
    }

    /// <summary>The system's addresses.</summary>
    public VaultsDeployment Deployment { get; }

    /// <summary>The signer, or null for a read-only client.</summary>
    public IAccount? Account { get; }

    /// <summary>The signer's address.</summary>
    /// <exception cref="VaultsClientException">Read-only client.</exception>
    public Address SignerAddress => Account is { } account ? Address.Parse(account.Address) : throw new VaultsClientException("This command sends a transaction: give a signer with --key-env, --keystore or --dev-account.");

    /// <summary>The settlement token's decimals (read from the token).</summary>
    public int TokenDecimals { get; }

    /// <summary>The settlement token's symbol.</summary>
    public string TokenSymbol { get; }

    /// <summary>The underlying Web3 (signing when the client has an account).</summary>
    public IWeb3 Web3 => _web3;

    /// <summary>
    /// Connects to <paramref name="rpcUrl"/>, checks that the node is the deployment's chain and that the factory
    /// is there, loads the signer when <paramref name="signer"/> names one, and reads the token's and the feed's decimals.
    /// </summary>
    /// <exception cref="VaultsClientException">Node unreachable, wrong chain, no contracts, or a bad signer.</exception>
    public static async Task<VaultsClient> ConnectAsync(VaultsDeployment deployment, string rpcUrl, SignerSource? signer = null, CancellationToken ct = default)
    {
        var reader = ReaderFor(rpcUrl);
        var chainId = await CheckNodeAsync(deployment, reader, RpcUrl.Redact(rpcUrl), ct).ConfigureAwait(false);
        Account? account = signer is { IsSet: true } ? await signer.LoadAsync(chainId, ct).ConfigureAwait(false) : null;
        // The project's transaction manager on Nethereum's signer: ordered sends, nonce re-sync, mined reverts replayed for their reason.
        var web3 = account is null ? reader : VaultsTransactionManager.CreateWeb3(account, reader.Client);
        return await OpenAsync(deployment, web3, account, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A client over a Nethereum <see cref="IWeb3"/> the caller built (for example <c>new Web3(new Account(key, chainId), url)</c>): it reads
    /// and signs through it as given, with its account (if any) as the signer. The node is checked as for a URL.
    /// </summary>
    /// <exception cref="VaultsClientException">Node unreachable, wrong chain or no contracts.</exception>
    public static async Task<VaultsClient> ConnectAsync(VaultsDeployment deployment, IWeb3 web3, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(web3);
        await CheckNodeAsync(deployment, web3, "the Web3's node", ct).ConfigureAwait(false);
        return await OpenAsync(deployment, web3, web3.TransactionManager?.Account, ct).ConfigureAwait(false);
    }

    private static async Task<long> CheckNodeAsync(VaultsDeployment deployment, IWeb3 web3, string rpcUrl, CancellationToken ct)
    {
        var chainId = await NodeChainIdAsync(web3, rpcUrl, ct).ConfigureAwait(false);
        if (chainId != deployment.ChainId)
            throw new VaultsClientException($"The node at {rpcUrl} is chain {chainId}, but the deployment file is for chain {deployment.ChainId}.");
        if ((await web3.Eth.GetCodeAsync(deployment.VaultFactory.ToString(), ct: ct).ConfigureAwait(false)).Length == 0)
            throw new VaultsClientException($"No VaultFactory at {deployment.VaultFactory} on the node at {rpcUrl} (was the node restarted? run 'vaults deploy' again).");
        return chainId;
    }

    private static async Task<VaultsClient> OpenAsync(VaultsDeployment deployment, IWeb3 web3, IAccount? account, CancellationToken ct)
    {
        var token = new TestUSDCService(web3, deployment.SettlementToken);
        var decimals = await token.DecimalsQueryAsync(cancellationToken: ct).ConfigureAwait(false);
        var symbol = await token.SymbolQueryAsync(cancellationToken: ct).ConfigureAwait(false);
        return new VaultsClient(web3, deployment, account, decimals, symbol);
    }

    /// <summary>Reads the deployment file and connects (see <see cref="ConnectAsync(VaultsDeployment, string, SignerSource?, CancellationToken)"/>).</summary>
    public static async Task<VaultsClient> ConnectAsync(string deploymentFile, string rpcUrl, SignerSource? signer = null, CancellationToken ct = default)
    {
        VaultsDeployment deployment;
        try
        {
            deployment = await VaultsDeploymentFile.ReadAsync(deploymentFile, ct).ConfigureAwait(false);
        }
        catch (DeploymentFileException e)
        {
            throw new VaultsClientException(e.Message, e);
        }
        return await ConnectAsync(deployment, rpcUrl, signer, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A read-only Web3 for a node URL typed by a person: checked (one line naming the problem, the URL redacted), and with
    /// the URL's user info sent as a Basic authorization header rather than kept in the URL Nethereum reports in its errors.
    /// </summary>
    /// <exception cref="VaultsClientException">Not an absolute http(s) URL.</exception>
    public static Web3 ReaderFor(string rpcUrl)
    {
        Uri url;
        try
        {
            url = RpcUrl.Parse(rpcUrl, "--rpc-url");
        }
        catch (ArgumentException e)
        {
            throw new VaultsClientException($"--rpc-url: {e.Message[..(e.Message.IndexOf(" (Parameter", StringComparison.Ordinal) is var i and >= 0 ? i : e.Message.Length)]}");
        }
        if (url.Scheme is not ("http" or "https"))
            throw new VaultsClientException($"--rpc-url must be an http or https URL, not {RpcUrl.Redact(url)} (a WebSocket URL goes to the keeper's --ws-url).");
        return new Web3(new Nethereum.JsonRpc.Client.RpcClient(RpcUrl.WithoutUserInfo(url), RpcUrl.BasicAuth(url)));
    }

    /// <summary>The node's chain id, or a one-line error naming the URL (redacted) when nothing answers.</summary>
    public static async Task<long> NodeChainIdAsync(IWeb3 web3, string rpcUrl, CancellationToken ct)
    {
        rpcUrl = RpcUrl.Redact(rpcUrl);
        try
        {
            return (long)(await web3.Eth.ChainIdAsync(ct).ConfigureAwait(false)).Value;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw new VaultsClientException($"Cannot reach an Ethereum node at {rpcUrl} ({RpcFailures.Reason(e)}); is it running?", e);
        }
    }

    internal VaultFactoryService Factory => new(_web3, Deployment.VaultFactory);

    internal MarketConfigService Config => new(_web3, Deployment.MarketConfig);
    internal VaultLensService Lens => new(_web3, Deployment.VaultLens);
    internal TestUSDCService Token => new(_web3, Deployment.SettlementToken);
    internal LiquidityPoolService Pool => new(_web3, Deployment.LiquidityPool);

    /// <summary>Token units to base units, with a one-line error naming <paramref name="what"/> on too many decimals.</summary>
    public BigInteger TokenUnits(decimal amount, string what) => Amount.ToBaseUnits(amount, TokenDecimals, what);

    /// <summary>Base units of the token to tokens.</summary>
    public decimal Tokens(BigInteger baseUnits) => Amount.FromBaseUnits(baseUnits, TokenDecimals);

    /// <summary>The signer's token balance.</summary>
    public async Task<decimal> BalanceAsync(Address? account = null, CancellationToken ct = default) =>
        Tokens(await Token.BalanceOfQueryAsync(account ?? SignerAddress, cancellationToken: ct).ConfigureAwait(false));

    /// <summary>Runs a contract call, turning reverts and RPC failures into one-line <see cref="VaultsClientException"/>s.</summary>
    internal async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (ContractErrors.TryDescribe(e, TokenDecimals, out var message))
        {
            throw new VaultsClientException(message, e);
        }
    }

    /// <summary>Makes sure the factory (or <paramref name="spender"/>) may take <paramref name="amount"/> from the signer, approving exactly what is missing.</summary>
    internal async Task EnsureAllowanceAsync(Address spender, BigInteger amount, CancellationToken ct)
    {
        var balance = await Token.BalanceOfQueryAsync(SignerAddress, cancellationToken: ct).ConfigureAwait(false);
        if (balance < amount)
            throw new VaultsClientException($"Balance too low: {SignerAddress} holds {Tokens(balance)} {TokenSymbol}, needs {Tokens(amount)}.");
        var allowance = await Token.AllowanceQueryAsync(SignerAddress, spender, cancellationToken: ct).ConfigureAwait(false);
        if (allowance < amount)
            await Guard(() => Token.ApproveRequestAndWaitForReceiptAsync(spender, amount, ct)).ConfigureAwait(false);
    }
}
