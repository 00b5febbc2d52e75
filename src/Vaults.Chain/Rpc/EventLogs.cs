using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Chain;

/// <summary>Per-log event decoding for scanners that read logs of several events in one eth_getLogs, on Nethereum's event ABI registry.</summary>
public static class EventLogs
{
    /// <summary>The event's topic0 as "0x…" (the Keccak-256 of its signature).</summary>
    public static string Topic0<TEvent>() where TEvent : IEventDTO, new() => "0x" + ABITypedRegistry.GetEvent<TEvent>().Sha3Signature;

    /// <summary>The log decoded as <typeparamref name="TEvent"/>, or null when it is another event's.</summary>
    public static EventLog<TEvent>? TryDecode<TEvent>(FilterLog log) where TEvent : IEventDTO, new() =>
        log.IsLogForEvent<TEvent>() ? log.DecodeEvent<TEvent>() : null;
}
