using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;

namespace Vaults.Keeper.Liquidation;

/// <summary>Reading a liquidation's receipt.</summary>
internal static class LiquidationReceipts
{
    /// <summary>The <c>VaultLiquidated</c> events <paramref name="factory"/> emitted in <paramref name="receipt"/> (no other contract's look-alikes).</summary>
    public static List<EventLog<VaultLiquidatedEventDTO>> VaultLiquidations(TransactionReceipt receipt, Address factory) =>
        receipt.Logs.Where(l => Address.TryParse(l.Address, out var a) && a == factory).DecodeAllEvents<VaultLiquidatedEventDTO>();
}
