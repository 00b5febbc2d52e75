namespace Vaults.Contracts.Deployment;

/// <summary>
/// A deployment refused before its first transaction (an existing token or feed that is not what it should be).
/// The message is one line; nothing was sent.
/// </summary>
public sealed class DeploymentInputException(string message) : Exception(message);
