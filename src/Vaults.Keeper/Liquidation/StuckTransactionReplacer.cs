using System.Diagnostics;
using System.Numerics;
using Microsoft.Extensions.Logging;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.NonceServices;

namespace Vaults.Keeper.Liquidation;

/// <summary>
/// Waits for a sent transaction's receipt and, when none comes within <see cref="LiquidationExecutorOptions.StuckAfter"/>, replaces
/// it: the same nonce, gas and calldata with both EIP-1559 fees raised by <see cref="LiquidationExecutorOptions.FeeBumpPercent"/>
/// (nodes require a raise of at least 10 % to accept a replacement), and never less than the fees a fresh transaction would get.
/// Whichever version is mined (original or replacement) ends the wait. The fee cap still applies: a replacement above it is not sent.
/// </summary>
internal sealed class StuckTransactionReplacer(IWeb3 web3, LiquidationExecutorOptions options, ILiquidationJournal? journal, ILogger logger)
{
    private readonly TimeSpan _stuckAfter = options.StuckAfter ?? options.ReceiptTimeout;

    /// <summary>The receipt of <paramref name="hash"/> or of one of its replacements.</summary>
    /// <exception cref="TransactionReceiptTimeoutException">No version mined after every replacement.</exception>
    public async Task<TransactionReceipt> WaitAsync(string hash, CancellationToken ct)
    {
        var versions = new List<string> { hash };
        int replacements = 0;
        var since = Stopwatch.GetTimestamp();
        while (true)
        {
            foreach (var version in versions)
            {
                // The caller settles the mined version, and with it every other version, in the journal.
                if (await web3.Eth.GetTransactionReceiptAsync(version, ct).ConfigureAwait(false) is { } receipt) return receipt;
            }
            if (Stopwatch.GetElapsedTime(since) >= _stuckAfter)
            {
                if (replacements >= options.MaxReplacements)
                    throw new TransactionReceiptTimeoutException(versions[^1], _stuckAfter * (options.MaxReplacements + 1));
                replacements++;
                if (await ReplaceAsync(versions[^1], ct).ConfigureAwait(false) is { } replacement)
                {
                    if (journal is not null) await journal.RecordReplacedAsync(versions[^1], replacement, CancellationToken.None).ConfigureAwait(false);
                    versions.Add(replacement);
                }
                since = Stopwatch.GetTimestamp();
            }
            await Task.Delay(options.ReceiptPollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the replacement of <paramref name="hash"/>; null when it cannot (gone from the node, or above the fee cap).</summary>
    private async Task<string?> ReplaceAsync(string hash, CancellationToken ct)
    {
        var stuck = await web3.Eth.GetTransactionByHashAsync(hash, ct).ConfigureAwait(false);
        if (stuck is null || stuck.MaxFeePerGas is not { } maxFee || stuck.MaxPriorityFeePerGas is not { } tip) return null;
        var block = await web3.Eth.GetBlockByNumberAsync(BlockParameter.CreateLatest(), ct).ConfigureAwait(false);
        var newTip = Bump(tip.Value);
        var newMaxFee = BigInteger.Max(Bump(maxFee.Value), 2 * (block?.BaseFeePerGas?.Value ?? 0) + newTip);
        var input = new TransactionInput
        {
            To = stuck.To,
            Data = stuck.Input,
            Value = stuck.Value,
            Gas = stuck.Gas,
            Nonce = stuck.Nonce,
            MaxFeePerGas = new HexBigInteger(newMaxFee),
            MaxPriorityFeePerGas = new HexBigInteger(newTip),
            From = web3.TransactionManager!.Account.Address,
        };
        try
        {
            var replacement = await web3.TransactionManager!.SendTransactionAsync(input).WaitAsync(ct).ConfigureAwait(false);
            LiquidationLog.Replaced(logger, hash, replacement, (ulong)stuck.Nonce.Value, newMaxFee.ToString(), newTip.ToString());
            return replacement;
        }
        catch (FeeCapExceededException e)
        {
            LiquidationLog.ReplacementRefused(logger, hash, e.Message);
            return null;
        }
    }

    private BigInteger Bump(BigInteger fee) => fee * (100 + options.FeeBumpPercent) / 100 + 1;
}
