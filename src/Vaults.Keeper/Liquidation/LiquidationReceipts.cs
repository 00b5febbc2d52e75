using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Vaults.Chain;
using Nethereum.RPC.Eth.DTOs;

namespace Vaults.Keeper.Liquidation;

/// <summary>Reading a liquidation's receipt.</summary>
internal static class LiquidationReceipts
{
    /// <summary>The <c>VaultLiquidated</c> events <paramref name="factory"/> emitted in <paramref name="receipt"/> (no other contract's look-alikes).</summary>
    public static List<EventLog<VaultLiquidatedEventDTO>> VaultLiquidations(TransactionReceipt receipt, Address factory) =>
        [.. receipt.DecodeAllEvents<VaultLiquidatedEventDTO>().Where(e => Address.TryParse(e.Log.Address, out var a) && a == factory)];
}
