using Spectre.Console;
using Vaults.Contracts.Deployment;

namespace Vaults.Cli.Commands;

/// <summary>The deployed addresses as a table (devnet and deploy print it).</summary>
internal static class DeploymentTable
{
    public static Table Create(VaultsDeployment d)
    {
        var table = new Table().Title($"Deployment (chain {d.ChainId}, from block {d.DeploymentBlock})").AddColumns("Contract", "Address");
        table.AddRow("Settlement token", d.SettlementToken.ToString());
        table.AddRow("Liquidity pool", d.LiquidityPool.ToString());
        table.AddRow("Insurance fund", d.InsuranceFund.ToString());
        table.AddRow("Market config", d.MarketConfig.ToString());
        table.AddRow("Vault factory", d.VaultFactory.ToString());
        table.AddRow("Vault lens", d.VaultLens.ToString());
        foreach (var m in d.Markets) table.AddRow($"Market {Markup.Escape(m.Name)} (id {m.Id}) feed", m.Feed.ToString());
        return table;
    }
}
