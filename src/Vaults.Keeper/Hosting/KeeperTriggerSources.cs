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
using Vaults.Keeper.Markets;

namespace Vaults.Keeper.Hosting;

/// <summary>
/// What wakes the keeper: over a WebSocket, the <c>AnswerUpdated</c> logs of every market's feed (one subscription over all of them,
/// made again when a market or a feed is added) and new block headers (pushed, lowest latency);
/// and always, polling <c>eth_blockNumber</c> every <see cref="KeeperOptions.PollInterval"/> as the fallback (a dead or missing WebSocket,
/// a node without subscriptions). Each source restarts itself after an error; none of them ever stops the keeper.
/// </summary>
internal sealed class KeeperTriggerSources(KeeperTrigger trigger, IEthApiService eth, SubscriptionClient? webSocket, Func<FeedSet> feeds,
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
        var set = feeds();
        if (set.Feeds.Count == 0)
        {
            // No market yet: wait for the first one (a market created later is watched from then on).
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, set.Changed);
            try { await Task.Delay(Timeout.Infinite, wait.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
            return;
        }
        // The subscription ends when the feed set changes (a new market, a new feed) and is made again over the new set; a price in
        // between is not lost: every round reads every market's price, and the new block's header or the poll triggers one.
        using var resubscribe = CancellationTokenSource.CreateLinkedTokenSource(ct, set.Changed);
        var filter = new NewFilterInput { Address = [.. set.Feeds.Select(f => f.ToLowerHex())], Topics = new object[] { new[] { AnswerUpdatedTopic } } };
        try
        {
            await foreach (var log in webSocket!.SubscribeLogsAsync(filter, resubscribe.Token).ConfigureAwait(false))
            {
                trigger.Signal(Stopwatch.GetTimestamp());
                HostingLog.PriceObserved(logger, (ulong)(log.BlockNumber?.Value ?? 0), $"AnswerUpdated of {log.Address}");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && set.Changed.IsCancellationRequested)
        {
            // the feeds changed: Restarting subscribes again at once
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
