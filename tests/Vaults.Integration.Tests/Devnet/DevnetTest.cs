using Nethereum.Web3;
using Vaults.Chain;

namespace Vaults.Integration.Tests.Devnet;

/// <summary>
/// Base class for tests on the shared node: <c>evm_snapshot</c> before each test and <c>evm_revert</c>
/// after, so every test sees the chain as the fixture left it. Snapshots are single-use, which fits:
/// xunit creates a new instance (and so a new snapshot) for every test.
/// </summary>
[Collection(DevnetCollection.Name)]
public abstract class DevnetTest(DevnetFixture devnet) : IAsyncLifetime
{
    private string? _snapshotId;

    private readonly Dictionary<int, Web3> _web3s = [];

    /// <summary>The shared node.</summary>
    protected DevnetFixture Devnet { get; } = devnet;

    /// <summary>A signing Web3 for dev account <paramref name="index"/>, one per account per test (one nonce counter each).</summary>
    protected Web3 Web3(int index = 0) => _web3s.TryGetValue(index, out var web3) ? web3 : _web3s[index] = Devnet.CreateWeb3(index);

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => _snapshotId = await Devnet.SnapshotAsync();

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        if (_snapshotId is null) return;
        // A failed revert would leak this test's state into the next one: fail loudly.
        if (!await Devnet.RevertAsync(_snapshotId))
            throw new InvalidOperationException($"evm_revert({_snapshotId}) returned false; the chain state is no longer isolated.");
    }
}
