using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Ethereum;
using Vaults.Ethereum.Contracts;
using Vaults.Ethereum.Hex;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;
using Vaults.Ethereum.Util;
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
            var requests = batch.Select(v => new RpcRequest("eth_call",
                new LiquidationPriceFunction { Vault = v }.CreateCallInput(factory), at)).ToList();
            var responses = await web3.Client.SendBatchAsync(requests, ct).ConfigureAwait(false);
            foreach (var response in responses)
            {
                var bytes = HexConvert.ToBytes(response.GetResult<string>());
                if (bytes.Length != 32)
                    throw new InvalidOperationException($"liquidationPrice returned {bytes.Length} bytes, not 32.");
                result.Add(UInt256.FromBigEndian(bytes));
            }
        }
        return result;
    }
}
