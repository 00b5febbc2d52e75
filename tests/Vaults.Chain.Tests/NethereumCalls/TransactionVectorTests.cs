using System.Numerics;
using System.Text.Json;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Hex.HexTypes;
using Nethereum.Model;
using Account = Nethereum.Web3.Accounts.Account;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3.Accounts;

namespace Vaults.Chain.Tests.NethereumCalls;

/// <summary>
/// The EIP-155 example and the EIP-1559 vectors, signed the way every transaction of the project is signed: a
/// <see cref="TransactionInput"/> through Nethereum's AccountSignerTransactionManager (which <see cref="VaultsTransactionManager"/> is),
/// so a change in Nethereum's RLP, Keccak or RFC 6979 signing fails here.
/// </summary>
public sealed class TransactionVectorTests
{
    private static readonly JsonElement Eip155 = VectorFile.Read("eip155.json").GetProperty("vectors")[0];
    private static readonly JsonElement Eip1559 = VectorFile.Read("eip1559.json");

    public static TheoryData<int> Eip1559Cases => [.. Enumerable.Range(0, Eip1559.GetProperty("vectors").GetArrayLength())];

    private static BigInteger Number(JsonElement v, string name) => BigInteger.Parse(v.GetProperty(name).GetString()!);

    private static string Sign(string privateKey, BigInteger chainId, TransactionInput input)
    {
        var account = new Account(privateKey, chainId);
        input.From = account.Address;
        return new AccountSignerTransactionManager(null, account, chainId).SignTransaction(input).EnsureHexPrefix();
    }

    [Fact]
    public void The_EIP155_example_signs_to_the_published_raw_transaction()
    {
        var v = Eip155;
        var signed = Sign(v.GetProperty("privateKey").GetString()!, Number(v, "chainId"), new TransactionInput
        {
            Nonce = new HexBigInteger(Number(v, "nonce")), GasPrice = new HexBigInteger(Number(v, "gasPrice")), Gas = new HexBigInteger(Number(v, "gasLimit")),
            To = v.GetProperty("to").GetString(), Value = new HexBigInteger(Number(v, "value")), Data = v.GetProperty("data").GetString(),
        });
        Assert.Equal(v.GetProperty("signed").GetString(), signed);
    }

    [Fact]
    public void The_EIP155_signing_payload_and_hash_are_the_published_ones()
    {
        var v = Eip155;
        var transaction = new LegacyTransactionChainId(v.GetProperty("to").GetString(), Number(v, "value"), Number(v, "nonce"), Number(v, "gasPrice"),
            Number(v, "gasLimit"), "", Number(v, "chainId"));
        Assert.Equal(v.GetProperty("signingPayload").GetString(), transaction.GetRLPEncodedRaw().ToHex(prefix: true));
        Assert.Equal(v.GetProperty("signingHash").GetString(), transaction.RawHash.ToHex(prefix: true));
        // The recovered sender of the published signed bytes is the key's address.
        Assert.Equal(new EthECKey(v.GetProperty("privateKey").GetString()!).GetPublicAddress(),
            TransactionVerificationAndRecovery.GetSenderAddress(v.GetProperty("signed").GetString()!));
    }

    [Theory]
    [MemberData(nameof(Eip1559Cases))]
    public void An_EIP1559_transaction_signs_to_the_published_raw_transaction(int index)
    {
        var v = Eip1559.GetProperty("vectors")[index];
        var to = v.GetProperty("to").GetString();
        var signed = Sign(Eip1559.GetProperty("privateKey").GetString()!, Number(v, "chainId"), new TransactionInput
        {
            Type = new HexBigInteger(2),
            Nonce = new HexBigInteger(Number(v, "nonce")),
            MaxPriorityFeePerGas = new HexBigInteger(Number(v, "maxPriorityFeePerGas")),
            MaxFeePerGas = new HexBigInteger(Number(v, "maxFeePerGas")),
            Gas = new HexBigInteger(Number(v, "gasLimit")),
            To = string.IsNullOrEmpty(to) ? null : to,
            Value = new HexBigInteger(Number(v, "value")),
            Data = v.GetProperty("data").GetString(),
        });
        Assert.Equal(v.GetProperty("signed").GetString(), signed);
        Assert.Equal(Eip1559.GetProperty("address").GetString(), TransactionVerificationAndRecovery.GetSenderAddress(signed));
    }
}
