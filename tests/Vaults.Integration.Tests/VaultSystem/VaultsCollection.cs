namespace Vaults.Integration.Tests.VaultSystem;

/// <summary>Tests marked <c>[Collection("vaults")]</c> share one node with the system deployed.</summary>
[CollectionDefinition(Name)]
public sealed class VaultsCollection : ICollectionFixture<VaultsFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "vaults";
}
