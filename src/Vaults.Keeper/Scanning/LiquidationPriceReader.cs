using Vaults.Contracts.VaultFactory.ContractDefinition;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Hex.HexTypes;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Vaults.Keeper.Index;

namespace Vaults.Keeper.Scanning;

/// <summary>The factory's <c>liquidationPrice(vault)</c> for many vaults at one block, in JSON-RPC batches of eth_call.</summary>
internal sealed class LiquidationPriceReader(IWeb3 web3, Address factory, int batchSize)
{
    /// <summary>The liquidation price of each of <paramref name="vaults"/> at <paramref name="block"/>, in the same order.</summary>
    public async Task<List<UInt256>> ReadAsync(IReadOnlyList<Address> vaults, ulong block, CancellationToken ct)
    {
        var result = new List<UInt256>(vaults.Count);
        var at = new BlockParameter(block);
        foreach (var batch in vaults.Chunk(batchSize))
        {
            var results = await EthCallBatch.QueryAsync<LiquidationPriceFunction, LiquidationPriceOutputDTO>(
                web3.Client, factory, [.. batch.Select(v => new LiquidationPriceFunction { Vault = v })], at, ct: ct).ConfigureAwait(false);
            foreach (var read in results)
            {
                if (read.Error is { } error) throw error;
                result.Add(UInt256.FromBigInteger(read.Output!.ReturnValue1));
            }
        }
        return result;
    }
}
