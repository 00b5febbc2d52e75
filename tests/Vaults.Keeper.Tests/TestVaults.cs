using Vaults.Chain;
using Vaults.Keeper.Index;

namespace Vaults.Keeper.Tests;

/// <summary>Test data: addresses and records.</summary>
internal static class TestVaults
{
    /// <summary>A distinct address per number.</summary>
    public static Address Addr(int n)
    {
        var bytes = new byte[20];
        bytes[0] = 0xa0;
        BitConverter.GetBytes(n).CopyTo(bytes, 16);
        return new Address(bytes);
    }

    /// <summary>A record.</summary>
    public static VaultRecord Record(int n, bool isLong, ulong liquidationPrice, uint market = 1, uint seq = 1, ulong block = 1) =>
        new(Addr(n), Addr(1_000_000 + n), market, isLong, liquidationPrice, seq, block);
}
