using System.Numerics;
using BenchmarkDotNet.Attributes;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3.Accounts;
using LiquidateBatchFunction = Vaults.Contracts.VaultFactory.ContractDefinition.LiquidateBatchFunction;
using Vaults.Contracts.VaultLens.ContractDefinition;

namespace Vaults.Benchmarks;

/// <summary>
/// The keeper's hot path per round, on Nethereum and the generated bindings, exactly as the keeper does it: decoding
/// <c>VaultLens.previewMany</c>'s answer for one confirmation chunk of 100 vaults (EthCallBatch decodes each chunk into
/// PreviewManyOutputDTO), and encoding a <c>liquidateBatch</c> of 50 vaults and signing it as an EIP-1559 transaction (the
/// transaction manager's signing path). The ethers bench's case (c) does the same two with ethers v6.
/// </summary>
[MemoryDiagnoser]
public class KeeperHotPathBenchmarks
{
    private const string Factory = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    private readonly AccountSignerTransactionManager _signer = new(null, new Account("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", 31337), 31337);
    private string _previewAnswer = "";
    private List<string> _batch = [];
    private BigInteger _nonce;

    private static string Vault(int i) => "0x" + (0x1000 + i).ToString("x").PadLeft(40, '0');

    [GlobalSetup]
    public void Setup()
    {
        var previews = Enumerable.Range(0, 100).Select(i => new LiquidationPreview
        {
            Liquidatable = i % 3 == 0, Full = i % 6 == 0, FractionClosed = BigInteger.Pow(10, 17) * (i % 10), ClosedSize = BigInteger.Pow(10, 18),
            KeeperFee = 5_000_000, Penalty = 1_000_000, CloseFee = 200_000, RealizedPnl = i % 2 == 0 ? -100_000_000 : 100_000_000,
            OwnerRemainder = 300_000_000, BadDebt = 0, Price = 1780 * BigInteger.Pow(10, 18), RemainingSize = BigInteger.Pow(10, 18), RemainingCollateral = 700_000_000,
        }).ToList();
        _previewAnswer = new FunctionCallEncoder().EncodeParametersFromTypeAttributes(typeof(PreviewManyOutputDTO), new PreviewManyOutputDTO { Out = previews })
            .ToHex(prefix: true);
        _batch = [.. Enumerable.Range(0, 50).Select(Vault)];
        if (DecodePreviewManyChunk().Out.Count != 100) throw new InvalidOperationException("previewMany did not decode 100 previews.");
    }

    /// <summary>One confirmation chunk: the eth_call answer of previewMany for 100 vaults into the generated DTO.</summary>
    [Benchmark]
    public PreviewManyOutputDTO DecodePreviewManyChunk() => new PreviewManyOutputDTO().DecodeOutput(_previewAnswer);

    /// <summary>One liquidation transaction: liquidateBatch(50 vaults) encoded from the generated message, then signed (EIP-1559).</summary>
    [Benchmark]
    public string EncodeAndSignLiquidateBatch()
    {
        var message = new LiquidateBatchFunction
        {
            Vaults = _batch, FromAddress = _signer.Account.Address, Nonce = _nonce++, Gas = 2_000_000,
            MaxFeePerGas = 30_000_000_000, MaxPriorityFeePerGas = 1_000_000_000,
        };
        var input = message.CreateTransactionInput(Factory);
        input.Type = new HexBigInteger(2);
        return _signer.SignTransaction(input);
    }
}
