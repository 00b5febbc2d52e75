using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.Contracts;

/// <summary>A decoded event with the log it came from (block, transaction, index, removed flag).</summary>
public sealed record EventLog<TEventDTO>(TEventDTO Event, FilterLog Log);
