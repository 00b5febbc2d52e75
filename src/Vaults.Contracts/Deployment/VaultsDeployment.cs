using System.Text.Json.Serialization;
using Vaults.Chain;

namespace Vaults.Contracts.Deployment;

/// <summary>Where a Vaults system lives on one chain: what the CLI, the keeper and the tests need to find it.</summary>
public sealed record VaultsDeployment
{
    /// <summary>The layout of the deployment file this type writes (<c>"layout": 2</c>: every market listed under <c>markets</c>).</summary>
    public const int CurrentLayout = 2;

    /// <summary>The file layout (2; a file without it is the one-market layout 1, read by <see cref="VaultsDeploymentFile"/>).</summary>
    public int Layout { get; init; } = CurrentLayout;

    /// <summary>The chain the contracts are on.</summary>
    public required long ChainId { get; init; }

    /// <summary>The block of the first deployment transaction (the keeper indexes events from here).</summary>
    public required long DeploymentBlock { get; init; }

    /// <summary>The settlement token (the devnet's TestUSDC, or a real ERC-20 such as USDC).</summary>
    public required Address SettlementToken { get; init; }

    /// <summary>The ERC-4626 liquidity pool, counterparty to every vault.</summary>
    public required Address LiquidityPool { get; init; }

    /// <summary>Receives liquidation penalties, pays bad debt first.</summary>
    public required Address InsuranceFund { get; init; }

    /// <summary>Per-market parameters and pause state.</summary>
    public required Address MarketConfig { get; init; }

    /// <summary>Creates vaults, keeps positions, liquidates; the one address indexers watch.</summary>
    public required Address VaultFactory { get; init; }

    /// <summary>Batched health views for keepers and the CLI.</summary>
    public required Address VaultLens { get; init; }

    /// <summary>Every market of the system, in the order they were created (at least one).</summary>
    public required IReadOnlyList<DeployedMarket> Markets { get; init; }

    /// <summary>The feed of the first market (what one-market code and tests use).</summary>
    [JsonIgnore]
    public Address PriceOracle => FirstMarket.Feed;

    /// <summary>The id of the first market.</summary>
    [JsonIgnore]
    public ulong MarketId => FirstMarket.Id;

    private DeployedMarket FirstMarket =>
        Markets.Count > 0 ? Markets[0] : throw new DeploymentFileException("The deployment lists no market.");

    /// <summary>The market named <paramref name="nameOrId"/> (its name, case-insensitive, or its id); null when there is none.</summary>
    public DeployedMarket? FindMarket(string nameOrId)
    {
        var text = nameOrId.Trim();
        return Markets.FirstOrDefault(m => string.Equals(m.Name, text, StringComparison.OrdinalIgnoreCase))
            ?? (ulong.TryParse(text, out var id) ? Markets.FirstOrDefault(m => m.Id == id) : null);
    }

    /// <summary>Equal when every address, block and market is (the market list compared element by element).</summary>
    public bool Equals(VaultsDeployment? other) =>
        other is not null && Layout == other.Layout && ChainId == other.ChainId && DeploymentBlock == other.DeploymentBlock
        && SettlementToken == other.SettlementToken && LiquidityPool == other.LiquidityPool && InsuranceFund == other.InsuranceFund
        && MarketConfig == other.MarketConfig && VaultFactory == other.VaultFactory && VaultLens == other.VaultLens
        && Markets.SequenceEqual(other.Markets);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ChainId, DeploymentBlock, VaultFactory, Markets.Count);

    /// <summary>This deployment with <paramref name="market"/> added (or replacing the entry with its id).</summary>
    public VaultsDeployment WithMarket(DeployedMarket market) =>
        this with { Markets = [.. Markets.Where(m => m.Id != market.Id), market] };
}

/// <summary>A market of the deployment.</summary>
/// <param name="Id">MarketConfig's market id (0-based).</param>
/// <param name="Name">The name people use, unique in the deployment (<c>ETH-USD</c>).</param>
/// <param name="Feed">Its Chainlink-compatible price feed.</param>
/// <param name="ParamsBlock">The block of the market's <c>MarketParamsSet</c> when it was created (its parameters' block).</param>
public sealed record DeployedMarket(ulong Id, string Name, Address Feed, long ParamsBlock);
