using Vaults.Ethereum.Abi;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Ethereum.Contracts;

/// <summary>
/// One event type, optionally bound to a contract address (Nethereum's <c>Event&lt;T&gt;</c>): builds log filters,
/// with indexed arguments by position (null = any, an array = any of), and decodes matching logs.
/// </summary>
public class Event<TEventDTO>(IWeb3 web3, Address? contractAddress = null) where TEventDTO : IEventDTO, new()
{
    private static readonly AbiEvent Abi = new TEventDTO().GetEventAbi();
    private static readonly byte[] Topic0 = Abi.Topic0;
    private static readonly int IndexedCount = Abi.Inputs.Count(p => p.Indexed);

    /// <summary>The event's ABI.</summary>
    public AbiEvent EventAbi => Abi;

    /// <summary>A filter for this event over a block range.</summary>
    public NewFilterInput CreateFilterInput(BlockParameter? fromBlock = null, BlockParameter? toBlock = null) =>
        CreateFilterInput(null, null, null, fromBlock, toBlock);

    /// <summary>A filter on the indexed arguments by position: each is null (any), a value, or an array (any of its values).</summary>
    public NewFilterInput CreateFilterInput(object? indexed1, object? indexed2 = null, object? indexed3 = null, BlockParameter? fromBlock = null, BlockParameter? toBlock = null)
    {
        var indexedInputs = Abi.Inputs.Select((p, i) => (p, i)).Where(x => x.p.Indexed).Select(x => x.i).ToArray();
        var wanted = new[] { indexed1, indexed2, indexed3 };
        var topics = new List<string[]?> { new[] { HexConvert.ToHex(Topic0) } };
        for (int position = 0; position < wanted.Length; position++)
        {
            if (wanted[position] is null) { topics.Add(null); continue; }
            if (position >= indexedInputs.Length)
                throw new ArgumentException($"Event {Abi.Name} has {indexedInputs.Length} indexed arguments; a filter was given for argument {position + 1}.");
            var input = indexedInputs[position];
            topics.Add(wanted[position] is System.Collections.IList list and not byte[]
                ? list.Cast<object?>().Select(v => HexConvert.ToHex(Abi.EncodeTopic(input, v))).ToArray()
                : [HexConvert.ToHex(Abi.EncodeTopic(input, wanted[position]))]);
        }
        while (topics.Count > 1 && topics[^1] is null) topics.RemoveAt(topics.Count - 1);
        return new NewFilterInput
        {
            Address = contractAddress is { } a ? [a.ToLowerHex()] : null,
            FromBlock = fromBlock ?? BlockParameter.CreateEarliest(),
            ToBlock = toBlock ?? BlockParameter.CreateLatest(),
            Topics = topics.ToArray(),
        };
    }

    /// <summary>Runs eth_getLogs with the filter and decodes every matching log.</summary>
    public async Task<List<EventLog<TEventDTO>>> GetAllChangesAsync(NewFilterInput filter, CancellationToken cancellationToken = default)
    {
        var logs = await web3.Eth.GetLogsAsync(filter, cancellationToken).ConfigureAwait(false);
        return DecodeAllEvents(logs);
    }

    /// <summary>Decodes the logs that are this event; others are skipped.</summary>
    public static List<EventLog<TEventDTO>> DecodeAllEvents(IEnumerable<FilterLog> logs)
    {
        var result = new List<EventLog<TEventDTO>>();
        foreach (var log in logs)
            if (TryDecode(log) is { } decoded) result.Add(decoded);
        return result;
    }

    /// <summary>Decodes one log, or returns null when it is not this event (other topic0 or shape).</summary>
    public static EventLog<TEventDTO>? TryDecode(FilterLog log)
    {
        if (log.Topics.Length != 1 + IndexedCount) return null;
        var topics = log.GetTopicBytes();
        if (!topics[0].AsSpan().SequenceEqual(Topic0)) return null;
        var dto = new TEventDTO();
        dto.Decode(Abi.DecodeLog(topics, log.GetDataBytes()));
        return new EventLog<TEventDTO>(dto, log);
    }
}
