using Vaults.Chain;

namespace Vaults.Devnet;

/// <summary>
/// A funded account on the local Hardhat node. The private key is one of Hardhat's published test
/// keys (see <see cref="HardhatDevAccounts"/>): public knowledge, never to be used on a real network.
/// </summary>
/// <param name="Index">Index in the default mnemonic's derivation path (<c>m/44'/60'/0'/0/{index}</c>).</param>
/// <param name="Address">The account's address.</param>
/// <param name="PrivateKey">The 32-byte private key as 0x-prefixed hex.</param>
public sealed record DevAccount(int Index, Address Address, string PrivateKey)
{
    /// <summary>Never prints the key, so logging an account is harmless even by habit.</summary>
    public override string ToString() => $"DevAccount #{Index} {Address}";
}
