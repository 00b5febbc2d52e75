namespace Vaults.Integration.Tests.Devnet;

/// <summary>Tests marked <c>[Collection("devnet")]</c> share one <see cref="DevnetFixture"/> node.</summary>
[CollectionDefinition(Name)]
public sealed class DevnetCollection : ICollectionFixture<DevnetFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "devnet";
}
