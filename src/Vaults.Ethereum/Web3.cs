using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Accounts;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.TransactionManagers;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum;

/// <summary>
/// The facade Nethereum users know: <c>new Web3(new Account(key, chainId), url)</c>, then generated services or
/// <see cref="GetContractHandler"/>. Holds no static state; create one per account and endpoint and share it.
/// </summary>
public class Web3 : IWeb3
{
    private readonly List<AbiError> _extraErrors = [];

    /// <summary>A read-only Web3 over HTTP(S) or WS(S).</summary>
    public Web3(string url = "http://127.0.0.1:8545") : this(CreateClient(url)) { }

    /// <summary>A Web3 that signs locally for <paramref name="account"/>.</summary>
    public Web3(IAccount account, string url = "http://127.0.0.1:8545", TransactionManagerOptions? options = null)
        : this(account, CreateClient(url), options) { }

    /// <summary>A read-only Web3 over an existing client.</summary>
    public Web3(IClient client)
    {
        Client = client;
        Eth = new EthApiService(client);
    }

    /// <summary>A signing Web3 over an existing client.</summary>
    public Web3(IAccount account, IClient client, TransactionManagerOptions? options = null) : this(client)
    {
        TransactionManager = new AccountSignerTransactionManager(Eth, account, options);
    }

    /// <inheritdoc />
    public IClient Client { get; }

    /// <inheritdoc />
    public EthApiService Eth { get; }

    /// <inheritdoc />
    public ITransactionManager? TransactionManager { get; }

    /// <summary>Registers more custom errors for revert decoding (for contracts bound in other assemblies).</summary>
    public Web3 AddKnownErrors(IEnumerable<AbiError> errors)
    {
        lock (_extraErrors) _extraErrors.AddRange(errors);
        return this;
    }

    /// <inheritdoc />
    public IReadOnlyList<AbiError> KnownErrors(IReadOnlyList<AbiError> messageErrors)
    {
        lock (_extraErrors) return _extraErrors.Count == 0 ? messageErrors : [.. messageErrors, .. _extraErrors];
    }

    /// <inheritdoc />
    public ContractHandler GetContractHandler(Address contractAddress) => new(contractAddress, this);

    /// <inheritdoc />
    public ContractDeploymentHandler<TDeployment> GetContractDeploymentHandler<TDeployment>() where TDeployment : ContractDeploymentMessage => new(this);

    /// <inheritdoc />
    public Event<TEventDTO> GetEvent<TEventDTO>(Address? contractAddress = null) where TEventDTO : IEventDTO, new() => new(this, contractAddress);

    private static IClient CreateClient(string url) =>
        url.StartsWith("ws", StringComparison.OrdinalIgnoreCase) ? new WebSocketClient(url) : new RpcClient(url);
}
