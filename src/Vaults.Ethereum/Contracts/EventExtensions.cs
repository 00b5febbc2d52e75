using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.Contracts;

/// <summary>Decoding events out of receipts and log lists (Nethereum's <c>receipt.DecodeAllEvents&lt;T&gt;()</c>).</summary>
public static class EventExtensions
{
    /// <summary>Every log of the receipt that is a <typeparamref name="TEventDTO"/>, decoded, in log order.</summary>
    public static List<EventLog<TEventDTO>> DecodeAllEvents<TEventDTO>(this TransactionReceipt receipt) where TEventDTO : IEventDTO, new() =>
        Event<TEventDTO>.DecodeAllEvents(receipt.Logs ?? []);

    /// <summary>Every log in the list that is a <typeparamref name="TEventDTO"/>, decoded, in order.</summary>
    public static List<EventLog<TEventDTO>> DecodeAllEvents<TEventDTO>(this IEnumerable<FilterLog> logs) where TEventDTO : IEventDTO, new() =>
        Event<TEventDTO>.DecodeAllEvents(logs);
}
