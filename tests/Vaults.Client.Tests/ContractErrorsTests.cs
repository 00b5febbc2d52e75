using System.Numerics;
using Vaults.Client;
using Vaults.Ethereum.Contracts;

namespace Vaults.Client.Tests;

public sealed class ContractErrorsTests
{
    private static SmartContractCustomErrorRevertException InsufficientBalance() => new(
        "Smart contract error -- ERC20InsufficientBalance", [0xe4, 0x50, 0xd3, 0x8c], "ERC20InsufficientBalance",
        [
            new("sender", "0x000000000000000000000000000000000000dEaD"),
            new("balance", new BigInteger(1_000_000)),
            new("needed", new BigInteger(2_500_000)),
        ]);

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
