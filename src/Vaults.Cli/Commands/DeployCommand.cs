using System.CommandLine;
using Spectre.Console;
using Vaults.Client;
using Vaults.Contracts.Deployment;
using Nethereum.Web3;
using Vaults.Chain;

namespace Vaults.Cli.Commands;

/// <summary>
/// <c>vaults deploy</c>: deploys the system to any JSON-RPC node with the given signer and writes the deployment file.
/// Idempotent: when the file already describes a live deployment on that chain, nothing is deployed.
/// </summary>
internal static class DeployCommand
{
    public static Command Create(GlobalOptions options)
    {
        var token = new Option<string?>("--token") { Description = "Existing ERC-20 settlement token (default: deploy a mintable TestUSDC)" };
        var feed = new Option<string?>("--price-feed") { Description = "Existing Chainlink-compatible feed (default: deploy a PriceOracle with the signer as reporter)" };
        var initialPrice = new Option<string>("--initial-price") { Description = "First price posted to a deployed PriceOracle", DefaultValueFactory = _ => "2000" };
        var markets = new Option<string?>("--markets")
        {
            Description = "JSON file listing the markets to create, e.g. [{\"name\": \"ETH-USD\", \"initialPrice\": 2000}, {\"name\": \"BTC-USD\", \"initialPrice\": 60000, " +
                          "\"settings\": {\"initialMarginBps\": 2000}}] (default: one ETH-USD market); on an existing deployment, the markets it lacks are added",
        };
        var command = new Command("deploy", "Deploy the system to the node at --rpc-url and write the deployment file (does nothing if the file already points at a live deployment)")
        {
            token, feed, initialPrice, markets,
        };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var output = options.Output(result);
            var file = result.GetValue(options.Deployment)!;
            var rpcUrl = result.GetValue(options.RpcUrl)!;
            IReadOnlyList<MarketSpec>? marketList = null;
            if (result.GetValue(markets) is { } marketsFile)
            {
                if (result.GetValue(feed) is not null || result.GetResult(initialPrice) is { Implicit: false })
                    throw new VaultsClientException("--markets lists each market's feed or initial price; leave out --price-feed and --initial-price.");
                try
                {
                    marketList = await VaultsDeploymentFile.ReadMarketsAsync(marketsFile, ct);
                }
                catch (DeploymentFileException e)
                {
                    throw new VaultsClientException(e.Message, e);
                }
            }
            var reader = VaultsClient.ReaderFor(rpcUrl);
            var chainId = await VaultsClient.NodeChainIdAsync(reader, rpcUrl, ct);

            if (File.Exists(file))
            {
                VaultsClient existing;
                try
                {
                    existing = await VaultsClient.ConnectAsync(file, rpcUrl, signer: null, ct);
                }
                catch (VaultsClientException e)
                {
                    throw new VaultsClientException($"{e.Message.TrimEnd('.')}. The deployment file {file} does not match this node: move it away or pass another --deployment to deploy afresh.", e);
                }
                var missing = marketList?.Where(m => existing.Deployment.FindMarket(m.Name) is null).ToList() ?? [];
                if (missing.Count == 0)
                {
                    if (output.IsJson) output.Deployment(existing.Deployment);
                    else output.Line($"Already deployed on chain {chainId}: factory {existing.Deployment.VaultFactory} (from {Markup.Escape(file)}); nothing to do.");
                    return 0;
                }
                // The deployment is there; the markets of the list it lacks are added (as 'vaults market add' does), the others left alone.
                var owner = await options.Signer(result).LoadAsync(chainId, ct);
                var deployer = new VaultsDeployer(new Web3(owner, rpcUrl));
                var current = existing.Deployment;
                foreach (var spec in missing)
                {
                    try
                    {
                        current = (await deployer.AddMarketAsync(current, spec, ct)).Deployment;
                    }
                    catch (DeploymentInputException e)
                    {
                        throw new VaultsClientException($"{e.Message.TrimEnd('.')}; nothing more was sent ({Markup.Escape(string.Join(", ", current.Markets.Select(m => m.Name)))} recorded).", e);
                    }
                    finally
                    {
                        await VaultsDeploymentFile.WriteAsync(file, current, ct); // each market recorded as soon as it exists
                    }
                    output.Line($"[green]Added[/] market {Markup.Escape(spec.Name)}.");
                }
                if (output.IsJson) output.Deployment(current);
                else output.Line($"Already deployed on chain {chainId}: added {missing.Count} market(s); {Markup.Escape(file)} lists {current.Markets.Count}.");
                return 0;
            }

            var options_ = new VaultsDeployer.Options
            {
                SettlementToken = result.GetValue(token) is { } t ? VaultsClient.ParseAddress(t, "--token address") : (Vaults.Chain.Address?)null,
                PriceFeed = result.GetValue(feed) is { } f ? VaultsClient.ParseAddress(f, "--price-feed address") : (Vaults.Chain.Address?)null,
                InitialPrice = Amount.ParsePositive(result.GetValue(initialPrice)!, "--initial-price"),
                Markets = marketList,
            };
            var account = await options.Signer(result).LoadAsync(chainId, ct);
            output.Line($"[grey]Deploying to chain {chainId} from {account.Address}...[/]");
            VaultsDeployment deployment;
            try
            {
                deployment = await new VaultsDeployer(new Web3(account, reader.Client)).DeployAsync(options_, ct);
            }
            catch (DeploymentInputException e)
            {
                throw new VaultsClientException($"{e.Message.TrimEnd('.')}; nothing was deployed.", e);
            }
            await VaultsDeploymentFile.WriteAsync(file, deployment, ct);

            if (output.IsJson) output.Deployment(deployment);
            else
            {
                output.Console.Write(DeploymentTable.Create(deployment));
                output.Line($"Deployment written to {Markup.Escape(file)}.");
            }
            return 0;
        }));
        return command;
    }
}
