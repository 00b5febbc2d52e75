namespace Vaults.Client;

/// <summary>
/// A problem the user can fix (bad input, unknown vault, node down, a contract rule): the message is one line
/// that names the problem, ready to print as it is.
/// </summary>
public sealed class VaultsClientException(string message, Exception? inner = null) : Exception(message, inner);
