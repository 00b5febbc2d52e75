using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vaults.Contracts.PriceOracle.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Nethereum.Hex.HexTypes;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// What wakes the keeper: over a WebSocket, the oracle's <c>AnswerUpdated</c> logs and new block headers (pushed, lowest latency);
/// and always, polling <c>eth_blockNumber</c> every <see cref="KeeperOptions.PollInterval"/> as the fallback (a dead or missing WebSocket,
/// a node without subscriptions). Each source restarts itself after an error; none of them ever stops the keeper.
/// </summary>
internal sealed class KeeperTriggerSources(KeeperTrigger trigger, IEthApiService eth, SubscriptionClient? webSocket, Address oracle,
    TimeSpan pollInterval, ILogger logger)
{
    private static readonly string AnswerUpdatedTopic = EventLogs.Topic0<AnswerUpdatedEventDTO>();

    /// <summary>Starts every source; the returned task ends when <paramref name="ct"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken ct)
    {
        var sources = new List<Task> { Restarting("polling", PollAsync, ct) };
        if (webSocket is not null)
        {
            sources.Add(Restarting("AnswerUpdated subscription", PriceUpdatesAsync, ct));
            sources.Add(Restarting("newHeads subscription", NewHeadsAsync, ct));
        }
        return Task.WhenAll(sources);
    }

    private async Task PollAsync(CancellationToken ct)
    {
        ulong last = 0;
        while (true)
        {
            var block = (ulong)(await eth.BlockNumberAsync(ct).ConfigureAwait(false)).Value;
            if (block != last)
            {
                last = block;
                trigger.Signal();
            }
            await Task.Delay(pollInterval, ct).ConfigureAwait(false);
        }
    }

    private async Task PriceUpdatesAsync(CancellationToken ct)
    {
        var filter = new NewFilterInput { Address = [oracle.ToLowerHex()], Topics = new object[] { new[] { AnswerUpdatedTopic } } };
        await foreach (var log in webSocket!.SubscribeLogsAsync(filter, ct).ConfigureAwait(false))
        {
            trigger.Signal(Stopwatch.GetTimestamp());
            HostingLog.PriceObserved(logger, (ulong)(log.BlockNumber?.Value ?? 0), "AnswerUpdated");
        }
    }

    private async Task NewHeadsAsync(CancellationToken ct)
    {
        await foreach (var _ in webSocket!.SubscribeNewHeadsAsync(ct).ConfigureAwait(false)) trigger.Signal();
    }

    private async Task Restarting(string name, Func<CancellationToken, Task> source, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await source(ct).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(250); // a subscription that ended cleanly restarts at once-ish
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                HostingLog.TriggerFailed(logger, name, e.Message, delay.TotalMilliseconds);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            try { await Task.Delay(delay, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
        }
    }
}
