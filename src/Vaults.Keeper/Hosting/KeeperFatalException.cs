namespace Vaults.Keeper.Hosting;

/// <summary>
/// The running keeper met an error that retrying cannot fix (its own database failing). The message is one line for the operator;
/// it never contains key material.
/// </summary>
internal sealed class KeeperFatalException(string message, Exception inner) : Exception(message, inner);
