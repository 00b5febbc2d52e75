using Vaults.Chain;

namespace Vaults.Contracts.Deployment;

/// <summary>Where a Vaults system lives on one chain: what the CLI, the keeper and the tests need to find it.</summary>
public sealed record VaultsDeployment
{
    /// <summary>The chain the contracts are on.</summary>
    public required long ChainId { get; init; }

    /// <summary>The block of the first deployment transaction (the keeper indexes events from here).</summary>
    public required long DeploymentBlock { get; init; }

    /// <summary>The settlement token (the devnet's TestUSDC, or a real ERC-20 such as USDC).</summary>
    public required Address SettlementToken { get; init; }

    /// <summary>The Chainlink-compatible price feed of the first market.</summary>
    public required Address PriceOracle { get; init; }

    /// <summary>The ERC-4626 liquidity pool, counterparty to every vault.</summary>
    public required Address LiquidityPool { get; init; }

    /// <summary>Receives liquidation penalties, pays bad debt first.</summary>
    public required Address InsuranceFund { get; init; }

    /// <summary>Per-market parameters, pause and grace periods.</summary>
    public required Address MarketConfig { get; init; }

    /// <summary>Creates vaults, keeps positions, liquidates; the one address indexers watch.</summary>
    public required Address VaultFactory { get; init; }

    /// <summary>Batched health views for keepers and the CLI.</summary>
    public required Address VaultLens { get; init; }

    /// <summary>The market created at deployment.</summary>
    public required ulong MarketId { get; init; }
}
