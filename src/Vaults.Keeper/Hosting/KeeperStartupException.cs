namespace Vaults.Keeper.Hosting;

/// <summary>
/// The keeper cannot start with this configuration (bad flag or value, missing deployment file, unreachable node, wrong chain,
/// bad key or keystore password). The message is one line, names the problem, and never contains key material.
/// </summary>
public sealed class KeeperStartupException(string message) : Exception(message);
