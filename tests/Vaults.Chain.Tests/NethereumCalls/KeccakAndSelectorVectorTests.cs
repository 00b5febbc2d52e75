using Nethereum.ABI.Model;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;

namespace Vaults.Chain.Tests.NethereumCalls;

/// <summary>Keccak-256 known answers and published function/error/event selectors, through Nethereum's Sha3Keccack and ABI model.</summary>
public sealed class KeccakAndSelectorVectorTests
{
    public static TheoryData<string, string> Keccak => VectorFile.Load("keccak256.json", v => (v.GetProperty("input").GetString()!, v.GetProperty("keccak256").GetString()!));

    public static TheoryData<string, string> Selectors => VectorFile.Load("abi-selectors.json", v => (v.GetProperty("signature").GetString()!, v.GetProperty("selector").GetString()!));

    [Theory]
    [MemberData(nameof(Keccak))]
    public void Keccak256_of_the_utf8_input_is_the_known_answer(string input, string hash) =>
        Assert.Equal(hash, Sha3Keccack.Current.CalculateHash(input));

    [Theory]
    [MemberData(nameof(Selectors))]
    public void A_signature_hashes_to_its_published_selector(string signature, string selector)
    {
        Assert.Equal(selector, Sha3Keccack.Current.CalculateHash(signature)[..8]);
        // The selector the bindings' messages use: Nethereum's function model of the same signature.
        var name = signature[..signature.IndexOf('(')];
        var types = signature[(name.Length + 1)..^1];
        var parameters = types.Length == 0 ? [] : SplitTopLevel(types).Select((t, i) => new Parameter(t, "p" + i, i + 1)).ToArray();
        Assert.Equal(selector, new FunctionABI(name, false) { InputParameters = parameters }.Sha3Signature);
    }

    private static IEnumerable<string> SplitTopLevel(string types)
    {
        int depth = 0, start = 0;
        for (int i = 0; i < types.Length; i++)
        {
            if (types[i] == '(') depth++;
            else if (types[i] == ')') depth--;
            else if (types[i] == ',' && depth == 0)
            {
                yield return types[start..i];
                start = i + 1;
            }
        }
        yield return types[start..];
    }

    [Fact]
    public void Keccak_of_bytes_and_of_their_hex_agree() =>
        Assert.Equal(Sha3Keccack.Current.CalculateHash("abc"), Sha3Keccack.Current.CalculateHash("abc"u8.ToArray()).ToHex());
}
