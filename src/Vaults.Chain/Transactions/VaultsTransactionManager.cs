using System.Numerics;
using Nethereum.Hex.HexTypes;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.Fee1559Suggestions;
using Nethereum.RPC.NonceServices;
using Nethereum.Web3.Accounts;

namespace Vaults.Chain;

/// <summary>
/// Nethereum's <see cref="AccountSignerTransactionManager"/> (local EIP-1559 signing) with what a keeper needs on top, each on Nethereum's
/// extension points: sends from the account are serialised so nonces reach the node in order; after any failed send the nonce service
/// (<see cref="INonceService.ResetNonceAsync"/>) re-reads the nonce from the node instead of guessing whether it was consumed (Hardhat mines
/// a reverting transaction and still answers with an error; Nethereum #1030, #1061); fees are capped
/// (<see cref="FeeCapExceededException"/>, nothing sent); the chain id is checked against the node once; a revert in the send answer comes
/// back as Nethereum's decoded contract exception; and receipts go through <see cref="RevertReplayingReceiptService"/>.
/// Hand it to <c>new Web3(account, client)</c> by setting <c>web3.TransactionManager</c>, or use <see cref="CreateWeb3"/>.
/// </summary>
public sealed class VaultsTransactionManager : AccountSignerTransactionManager
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private bool _chainChecked;

    /// <summary>A manager for <paramref name="account"/> over <paramref name="client"/>.</summary>
    public VaultsTransactionManager(IClient client, Account account, VaultsTransactionManagerOptions? options = null)
        : base(client, account, account.ChainId)
    {
        Options = options ?? new VaultsTransactionManagerOptions();
        account.NonceService ??= new InMemoryNonceService(account.Address, client);
        if (Options.FeeSuggestion == FeeSuggestion.LatestBlock) Fee1559SuggestionStrategy = new SimpleFeeSuggestionStrategy(client);
        TransactionReceiptService = new RevertReplayingReceiptService(this, Options.ReceiptPollInterval, Options.ReceiptTimeout);
    }

    /// <summary>Fee, gas and receipt settings.</summary>
    public VaultsTransactionManagerOptions Options { get; }

    /// <summary>The account's nonce service (never null for this manager).</summary>
    public INonceService NonceService => Account.NonceService;

    /// <summary>A Nethereum <see cref="global::Nethereum.Web3.Web3"/> that signs for <paramref name="account"/> through this manager.</summary>
    public static global::Nethereum.Web3.Web3 CreateWeb3(Account account, IClient client, VaultsTransactionManagerOptions? options = null)
    {
        var web3 = new global::Nethereum.Web3.Web3(account, client);
        var manager = new VaultsTransactionManager(client, account, options);
        web3.TransactionManager = manager;
        web3.Eth.TransactionManager = manager;
        return web3;
    }

    /// <summary>The estimate with <see cref="VaultsTransactionManagerOptions.GasLimitPercent"/> margin (estimation doubles as simulation: a revert throws).</summary>
    public override async Task<HexBigInteger> EstimateGasAsync(CallInput callInput)
    {
        var estimate = await base.EstimateGasAsync(callInput).ConfigureAwait(false);
        return new HexBigInteger(estimate.Value * Options.GasLimitPercent / 100);
    }

    /// <inheritdoc />
    public override async Task<string> SendTransactionAsync(TransactionInput transactionInput)
    {
        ArgumentNullException.ThrowIfNull(transactionInput);
        transactionInput.From ??= Account.Address;
        await CheckChainAsync().ConfigureAwait(false);
        return await SendInTurnAsync(transactionInput, () => base.SendTransactionAsync(transactionInput)).ConfigureAwait(false);
    }

    /// <summary>
    /// Signs <paramref name="transactionInput"/> (nonce, fees and cap as <see cref="SendTransactionAsync(TransactionInput)"/>), hands the
    /// signed transaction and its hash to <paramref name="beforeSend"/>, and only then sends it with <c>eth_sendRawTransaction</c>: a caller
    /// that records it durably there knows about it even if it dies before the node answers, and can broadcast the very same bytes again
    /// (same nonce, same hash) instead of signing a second liquidation.
    /// </summary>
    /// <returns>The transaction hash.</returns>
    public async Task<string> SendTransactionAsync(TransactionInput transactionInput, Func<string, string, Task> beforeSend)
    {
        ArgumentNullException.ThrowIfNull(transactionInput);
        ArgumentNullException.ThrowIfNull(beforeSend);
        transactionInput.From ??= Account.Address;
        await CheckChainAsync().ConfigureAwait(false);
        return await SendInTurnAsync(transactionInput, async () =>
        {
            var raw = (await SignTransactionAsync(transactionInput).ConfigureAwait(false)).EnsureHexPrefix();
            var hash = "0x" + Nethereum.Util.Sha3Keccack.Current.CalculateHash(raw.HexToByteArray()).ToHex();
            await beforeSend(hash, raw).ConfigureAwait(false);
            return await new Nethereum.RPC.Eth.Transactions.EthSendRawTransaction(Client).SendRequestAsync(raw).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// One send at a time (the nonce comes from the account's nonce service): fees filled and capped, then <paramref name="send"/>; when it
    /// fails the node may or may not have consumed the nonce, so it is re-read rather than guessed, and a revert is thrown as its custom error.
    /// </summary>
    private async Task<string> SendInTurnAsync(TransactionInput transactionInput, Func<Task<string>> send)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await CapFeesAsync(transactionInput).ConfigureAwait(false);
            try
            {
                return await send().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await Account.NonceService.ResetNonceAsync().ConfigureAwait(false);
                if (e is RpcResponseException rpc && RevertData.ToException(rpc) is { } revert) throw revert;
                throw;
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Fills EIP-1559 fees when missing (Nethereum's suggestion strategy) and enforces the cap: lowered to it when the network allows, refused otherwise.</summary>
    private async Task CapFeesAsync(TransactionInput input)
    {
        if (Options.MaxFeePerGasCap is not { } cap) return;
        if (input.GasPrice is { } gasPrice)
        {
            if (gasPrice.Value > cap) throw new FeeCapExceededException(gasPrice.Value, cap);
            return;
        }
        if (input.MaxFeePerGas is { } explicitMax)
        {
            if (explicitMax.Value > cap) throw new FeeCapExceededException(explicitMax.Value, cap);
            return;
        }
        var fee = await CalculateFee1559Async(input.MaxPriorityFeePerGas?.Value).ConfigureAwait(false);
        var tip = fee.MaxPriorityFeePerGas ?? BigInteger.Zero;
        var baseFee = fee.BaseFee ?? BigInteger.Zero;
        if (baseFee + tip > cap) throw new FeeCapExceededException(baseFee + tip, cap);
        input.MaxPriorityFeePerGas = new HexBigInteger(tip);
        input.MaxFeePerGas = new HexBigInteger(BigInteger.Min(fee.MaxFeePerGas ?? cap, cap));
    }

    private async Task CheckChainAsync()
    {
        if (_chainChecked || Account is not Account { ChainId: { } expected }) return;
        var nodeChainId = (await new global::Nethereum.RPC.Eth.EthChainId(Client).SendRequestAsync().ConfigureAwait(false)).Value;
        if (nodeChainId != expected) throw new ChainIdMismatchException(expected, nodeChainId);
        _chainChecked = true;
    }
}
