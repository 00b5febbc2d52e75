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
        var command = new Command("deploy", "Deploy the system to the node at --rpc-url and write the deployment file (does nothing if the file already points at a live deployment)")
        {
            token, feed, initialPrice,
        };
        command.SetAction(CommandAction.Run(async (result, ct) =>
        {
            var output = options.Output(result);
            var file = result.GetValue(options.Deployment)!;
            var rpcUrl = result.GetValue(options.RpcUrl)!;
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
                if (output.IsJson) output.Deployment(existing.Deployment);
                else output.Line($"Already deployed on chain {chainId}: factory {existing.Deployment.VaultFactory} (from {Markup.Escape(file)}); nothing to do.");
                return 0;
            }

            var options_ = new VaultsDeployer.Options
            {
                SettlementToken = result.GetValue(token) is { } t ? VaultsClient.ParseAddress(t, "--token address") : (Vaults.Chain.Address?)null,
                PriceFeed = result.GetValue(feed) is { } f ? VaultsClient.ParseAddress(f, "--price-feed address") : (Vaults.Chain.Address?)null,
                InitialPrice = Amount.ParsePositive(result.GetValue(initialPrice)!, "--initial-price"),
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
