using System.Text.Json;
using Vaults.Devnet;

namespace Vaults.Integration.Tests.Devnet;

/// <summary>The build compiled the test contracts with the pinned solcjs (what the binding generator will read).</summary>
public sealed class ContractArtifactTests
{
    [Fact]
    public void RoundTrip_artifact_has_the_abi_the_round_trip_tests_need()
    {
        var path = Path.Combine(HardhatNodeLocator.Locate(null), "artifacts", "contracts", "test", "RoundTrip.sol", "RoundTrip.json");
        using var artifact = JsonDocument.Parse(File.ReadAllText(path));

        var names = artifact.RootElement.GetProperty("abi").EnumerateArray()
            .Where(e => e.TryGetProperty("name", out _)).Select(e => e.GetProperty("name").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "greeting", "counter", "add", "echo", "failWithReason", "failWithPanic", "Added", "AmountTooLarge" }, names);
        Assert.StartsWith("0x60", artifact.RootElement.GetProperty("bytecode").GetString(), StringComparison.Ordinal);
    }
}
