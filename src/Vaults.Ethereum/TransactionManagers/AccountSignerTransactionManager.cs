using System.Numerics;
using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Accounts;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Signer;

namespace Vaults.Ethereum.TransactionManagers;

/// <summary>
/// Sends transactions signed locally by an <see cref="IAccount"/>: the filler pipeline is
/// chain id → gas (estimation doubles as simulation: a revert is decoded and nothing is sent) → fees (EIP-1559 with a cap)
/// → nonce → sign → send. Sends from one account are serialised so nonces reach the node in order,
/// and the nonce counter is re-synchronised after any failed send.
/// </summary>
public sealed class AccountSignerTransactionManager : ITransactionManager
{
    private readonly EthApiService _eth;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TransactionReceiptPollingService _receipts;
    private BigInteger? _chainId;

    /// <summary>Creates a manager for <paramref name="account"/> talking to <paramref name="eth"/>.</summary>
    public AccountSignerTransactionManager(EthApiService eth, IAccount account, TransactionManagerOptions? options = null, INonceService? nonceService = null)
    {
        _eth = eth;
        Account = account;
        Options = options ?? new TransactionManagerOptions();
        NonceService = nonceService ?? new InMemoryNonceService(account.Address, eth);
        _receipts = new TransactionReceiptPollingService(eth, Options.ReceiptPollInterval, Options.ReceiptTimeout);
    }

    /// <inheritdoc />
    public IAccount Account { get; }

    /// <inheritdoc />
    public INonceService NonceService { get; }

    /// <summary>Fee, gas and receipt settings.</summary>
    public TransactionManagerOptions Options { get; }

    /// <summary>The receipt poller used by <see cref="SendTransactionAndWaitForReceiptAsync"/>.</summary>
    public TransactionReceiptPollingService ReceiptPolling => _receipts;

    /// <inheritdoc />
    public async Task<BigInteger> EstimateGasAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var gas = await _eth.EstimateGasAsync(input with { From = Account.Address.ToLowerHex(), Gas = null, Nonce = null }, cancellationToken).ConfigureAwait(false);
            return gas.Value;
        }
        catch (RpcResponseException ex) when (ex.RpcError.GetRevertData() is { } data)
        {
            throw RevertDecoder.Decode(data, knownErrors ?? []);
        }
    }

    /// <inheritdoc />
    public async Task<SignedTransaction> SignTransactionAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors = null, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(input, knownErrors, cancellationToken).ConfigureAwait(false);
        var nonce = input.Nonce?.Value ?? await NonceService.GetNextNonceAsync(cancellationToken).ConfigureAwait(false);
        return Sign(prepared, nonce);
    }

    /// <inheritdoc />
    public async Task<string> SendTransactionAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors = null, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(input, knownErrors, cancellationToken).ConfigureAwait(false);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var nonce = input.Nonce?.Value ?? await NonceService.GetNextNonceAsync(cancellationToken).ConfigureAwait(false);
            var signed = Sign(prepared, nonce);
            try
            {
                return await _eth.SendRawTransactionAsync(signed.Raw, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The node may or may not have consumed the nonce (Hardhat mines a reverting transaction and still
                // answers with an error): re-read it from the node rather than guess.
                await NonceService.ResetNonceAsync(CancellationToken.None).ConfigureAwait(false);
                if (ex is RpcResponseException rpc && rpc.RpcError.GetRevertData() is { } data)
                    throw RevertDecoder.Decode(data, knownErrors ?? []);
                throw;
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<TransactionReceipt> SendTransactionAndWaitForReceiptAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors = null, CancellationToken cancellationToken = default)
    {
        var hash = await SendTransactionAsync(input, knownErrors, cancellationToken).ConfigureAwait(false);
        var receipt = await _receipts.PollForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
        if (receipt.Succeeded()) return receipt;
        throw new TransactionRevertedException(receipt, await ReplayRevertAsync(input, receipt, knownErrors, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Re-runs a failed transaction as eth_call at its block to recover the revert reason.</summary>
    private async Task<Exception?> ReplayRevertAsync(TransactionInput input, TransactionReceipt receipt, IReadOnlyList<AbiError>? knownErrors, CancellationToken cancellationToken)
    {
        var call = new CallInput { From = Account.Address.ToLowerHex(), To = input.To, Data = input.Data, Value = input.Value };
        try
        {
            await _eth.CallAsync(call, new BlockParameter((ulong)receipt.BlockNumber.Value), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RpcResponseException ex) when (ex.RpcError.GetRevertData() is { } data)
        {
            return RevertDecoder.Decode(data, knownErrors ?? []);
        }
    }

    private async Task<PreparedTransaction> PrepareAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors, CancellationToken cancellationToken)
    {
        var chainId = await GetChainIdAsync(cancellationToken).ConfigureAwait(false);
        var gasTask = input.Gas is { } g ? Task.FromResult(g.Value) : EstimateWithMarginAsync(input, knownErrors, cancellationToken);
        var legacy = Options.UseLegacyAsDefault || input.GasPrice is not null;
        if (legacy)
        {
            var gasPrice = input.GasPrice?.Value ?? (await _eth.GasPriceAsync(cancellationToken).ConfigureAwait(false)).Value;
            if (Options.MaxFeePerGasCap is { } cap && gasPrice > cap) throw new FeeCapExceededException(gasPrice, cap);
            return new PreparedTransaction(input, chainId, await gasTask.ConfigureAwait(false), gasPrice, gasPrice, Legacy: true);
        }
        var (maxFee, tip) = await SuggestFeesAsync(input, cancellationToken).ConfigureAwait(false);
        return new PreparedTransaction(input, chainId, await gasTask.ConfigureAwait(false), maxFee, tip, Legacy: false);
    }

    private async Task<BigInteger> EstimateWithMarginAsync(TransactionInput input, IReadOnlyList<AbiError>? knownErrors, CancellationToken cancellationToken)
    {
        var estimate = await EstimateGasAsync(input, knownErrors, cancellationToken).ConfigureAwait(false);
        return estimate * Options.GasLimitPercent / 100;
    }

    /// <summary>maxFee = 2 × baseFee + tip (room for six full blocks of base-fee growth), never above the cap.</summary>
    private async Task<(BigInteger MaxFee, BigInteger Tip)> SuggestFeesAsync(TransactionInput input, CancellationToken cancellationToken)
    {
        var tip = input.MaxPriorityFeePerGas?.Value;
        if (tip is null)
        {
            // The eth API falls back to eth_feeHistory and then to a default when the node lacks the method.
            tip = (await _eth.MaxPriorityFeePerGasAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        if (input.MaxFeePerGas is { } explicitMax)
        {
            if (Options.MaxFeePerGasCap is { } c && explicitMax.Value > c) throw new FeeCapExceededException(explicitMax.Value, c);
            return (explicitMax.Value, BigInteger.Min(tip.Value, explicitMax.Value));
        }
        var block = await _eth.GetBlockByNumberAsync(BlockParameter.CreateLatest(), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The node returned no latest block.");
        var baseFee = block.BaseFeePerGas?.Value ?? BigInteger.Zero;
        var maxFee = 2 * baseFee + tip.Value;
        if (Options.MaxFeePerGasCap is { } cap)
        {
            if (baseFee + tip.Value > cap) throw new FeeCapExceededException(baseFee + tip.Value, cap);
            maxFee = BigInteger.Min(maxFee, cap);
        }
        return (maxFee, tip.Value);
    }

    private async Task<BigInteger> GetChainIdAsync(CancellationToken cancellationToken)
    {
        if (_chainId is { } known) return known;
        var nodeChainId = (await _eth.ChainIdAsync(cancellationToken).ConfigureAwait(false)).Value;
        if (Account.ChainId is { } expected && expected != nodeChainId)
            throw new ChainIdMismatchException(expected, nodeChainId);
        _chainId = nodeChainId;
        return nodeChainId;
    }

    private SignedTransaction Sign(PreparedTransaction p, BigInteger nonce)
    {
        var value = p.Input.Value?.Value ?? BigInteger.Zero;
        var data = p.Input.Data is { } hex ? HexConvert.ToBytes(hex) : [];
        Util.Address? to = p.Input.To is { } t ? Util.Address.Parse(t) : (Util.Address?)null;
        if (p.Legacy)
            return Account.SignTransaction(new LegacyTransaction(nonce, p.MaxFee, p.Gas, to, value, data, p.ChainId));
        return Account.SignTransaction(new Transaction1559(p.ChainId, nonce, p.Tip, p.MaxFee, p.Gas, to, value, data));
    }

    private sealed record PreparedTransaction(TransactionInput Input, BigInteger ChainId, BigInteger Gas, BigInteger MaxFee, BigInteger Tip, bool Legacy);
}
