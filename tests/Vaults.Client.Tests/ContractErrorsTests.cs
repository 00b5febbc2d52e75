using System.Numerics;
using Vaults.Client;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Hex.HexConvertors.Extensions;
using Vaults.Contracts.TestUSDC.ContractDefinition;

namespace Vaults.Client.Tests;

public sealed class ContractErrorsTests
{
    /// <summary>The revert data a token sends for ERC20InsufficientBalance(0x…dEaD, 1 token, 2.5 tokens), encoded by Nethereum from the generated error DTO.</summary>
    private static SmartContractCustomErrorRevertException InsufficientBalance()
    {
        var error = new ERC20InsufficientBalanceError
        {
            Sender = "0x000000000000000000000000000000000000dEaD", Balance = new BigInteger(1_000_000), Needed = new BigInteger(2_500_000),
        };
        var selector = ABITypedRegistry.GetError<ERC20InsufficientBalanceError>().Sha3Signature;
        var arguments = new FunctionCallEncoder().EncodeParametersFromTypeAttributes(typeof(ERC20InsufficientBalanceError), error).ToHex();
        return new SmartContractCustomErrorRevertException("0x" + selector + arguments);
    }

    [Fact]
    public void The_selector_is_the_published_one_of_ERC20InsufficientBalance()
    {
        // keccak256("ERC20InsufficientBalance(address,uint256,uint256)")[0..4], as OpenZeppelin's IERC6093 documents it.
        Assert.StartsWith("0xe450d38c", InsufficientBalance().ExceptionEncodedData);
    }

    [Fact]
    public void An_error_no_bound_contract_declares_is_named_by_its_selector()
    {
        Assert.True(ContractErrors.TryDescribe(new SmartContractCustomErrorRevertException("0xdeadbeef"), tokenDecimals: 6, out var message));
        Assert.Equal("The contract refused with an unknown error 0xdeadbeef.", message);
    }

    [Fact]
    public void Token_amounts_use_the_token_decimals_when_known()
    {
        Assert.True(ContractErrors.TryDescribe(InsufficientBalance(), tokenDecimals: 6, out var message));
        Assert.Equal("Balance too low: 0x000000000000000000000000000000000000dEaD holds 1, needs 2.5.", message);
    }

    [Fact]
    public void Token_amounts_stay_in_base_units_when_the_decimals_are_unknown()
    {
        Assert.True(ContractErrors.TryDescribe(InsufficientBalance(), tokenDecimals: null, out var message));
        Assert.Equal("Balance too low: 0x000000000000000000000000000000000000dEaD holds 1000000 base units, needs 2500000 base units.", message);
    }
}
