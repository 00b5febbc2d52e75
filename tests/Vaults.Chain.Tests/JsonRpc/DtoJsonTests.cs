using System.Text.Json;
using Vaults.Ethereum.JsonRpc;
using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.Tests.JsonRpc;

public class DtoJsonTests
{
    [Theory]
    [InlineData("latest")]
    [InlineData("pending")]
    [InlineData("earliest")]
    [InlineData("safe")]
    [InlineData("finalized")]
    [InlineData("0x1b4")]
    public void Block_parameter_round_trips_as_tag_or_quantity(string wire)
    {
        var parsed = JsonSerializer.Deserialize($"\"{wire}\"", RpcJsonContext.Default.BlockParameter)!;
        Assert.Equal($"\"{wire}\"", JsonSerializer.Serialize(parsed, RpcJsonContext.Default.BlockParameter));
    }

    [Fact]
    public void Block_parameter_factories_match_nethereum()
    {
        Assert.Equal("latest", BlockParameter.CreateLatest().GetRPCParam());
        Assert.Equal("0x0", new BlockParameter(0UL).GetRPCParam());
        Assert.Equal("0x1b4", new BlockParameter(436).ToString());
        Assert.Equal(BlockParameter.BlockParameterType.BlockNumber, new BlockParameter(1).ParameterType);
    }

    [Fact]
    public void Filter_reads_single_or_many_addresses_and_topic_alternatives()
    {
        var filter = JsonSerializer.Deserialize(
            """{"fromBlock":"0x1","address":["0xa","0xb"],"topics":[null,"0xt",["0xu","0xv"]]}""", RpcJsonContext.Default.NewFilterInput)!;
        Assert.Equal(["0xa", "0xb"], filter.Address!);
        Assert.Null(filter.Topics![0]);
        Assert.Equal(["0xt"], filter.Topics[1]!);
        Assert.Equal(["0xu", "0xv"], filter.Topics[2]!);
        Assert.Equal("""{"fromBlock":"0x1","address":["0xa","0xb"],"topics":[null,"0xt",["0xu","0xv"]]}""",
            JsonSerializer.Serialize(filter, RpcJsonContext.Default.NewFilterInput));
    }

    [Fact]
    public void Fee_history_and_transaction_deserialise()
    {
        var history = JsonSerializer.Deserialize(
            """{"oldestBlock":"0x10","baseFeePerGas":["0x7","0x8"],"gasUsedRatio":[0.25],"reward":[["0x1","0x2"]]}""", RpcJsonContext.Default.FeeHistory)!;
        Assert.Equal(16, (int)history.OldestBlock.Value);
        Assert.Equal(2, (int)history.Reward![0][1].Value);

        var pending = JsonSerializer.Deserialize(
            """{"hash":"0x1","nonce":"0x2","blockNumber":null,"blockHash":null,"from":"0x3","to":null,"input":"0x","value":"0x0","gas":"0x5208","maxFeePerGas":"0x9","type":"0x2"}""",
            RpcJsonContext.Default.Transaction)!;
        Assert.Null(pending.BlockNumber);
        Assert.Equal(9, (int)pending.MaxFeePerGas!.Value.Value);
    }
}
