using Vaults.Ethereum.RPC.Eth.DTOs;

namespace Vaults.Ethereum.Contracts;

/// <summary>Deploys contracts from deployment messages (Nethereum's ContractDeploymentHandler).</summary>
public class ContractDeploymentHandler<TDeployment>(IWeb3 web3) where TDeployment : ContractDeploymentMessage
{
    /// <summary>Sends the creation transaction and returns its hash.</summary>
    public Task<string> SendRequestAsync(TDeployment deployment, CancellationToken cancellationToken = default) =>
        RequireSigner().SendTransactionAsync(deployment.CreateTransactionInput(), web3.KnownErrors(deployment.GetKnownErrors()), cancellationToken);

    /// <summary>Deploys and waits; the receipt's ContractAddress is the new contract.</summary>
    /// <exception cref="TransactionRevertedException">The constructor reverted.</exception>
    public async Task<TransactionReceipt> SendRequestAndWaitForReceiptAsync(TDeployment deployment, CancellationToken cancellationToken = default)
    {
        var receipt = await RequireSigner()
            .SendTransactionAndWaitForReceiptAsync(deployment.CreateTransactionInput(), web3.KnownErrors(deployment.GetKnownErrors()), cancellationToken)
            .ConfigureAwait(false);
        if (receipt.ContractAddress is null)
            throw new ContractDeploymentException($"Deployment {receipt.TransactionHash} was mined without creating a contract.", receipt);
        return receipt;
    }

    private TransactionManagers.ITransactionManager RequireSigner() =>
        web3.TransactionManager ?? throw new InvalidOperationException("This Web3 has no account: create it with an Account to deploy.");
}
