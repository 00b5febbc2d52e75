using System.Net.Sockets;
using Nethereum.JsonRpc.Client;

namespace Vaults.Chain;

/// <summary>
/// What counts as "the node failed or refused" among the exceptions Nethereum's clients throw (they share no base type), and the short
/// cause to show for one ("connection refused", "timed out", the node's own message).
/// </summary>
public static class RpcFailures
{
    /// <summary>True for a node error answer, a transport failure or a timeout of a JSON-RPC call.</summary>
    public static bool Is(Exception e) =>
        e is RpcResponseException or RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException or TimeoutException
        || e is RpcResponseBatchException;

    /// <summary>True for a failure of the transport (nothing answered), as opposed to a node's error answer.</summary>
    public static bool IsTransport(Exception e) =>
        e is RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException or TimeoutException;

    /// <summary>A one-line cause: the socket error in words when there is one, else the node's message, else the exception's first line.</summary>
    public static string Reason(Exception e)
    {
        for (var inner = (Exception?)e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                    SocketError.TimedOut => "connect timed out",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.ConnectionAborted => "connection aborted",
                    _ => FirstLine(socket.Message),
                };
            }
        }
        if (e is RpcResponseException { RpcError: { } error }) return FirstLine(error.Message);
        if (e is RpcClientTimeoutException or TimeoutException) return "timed out";
        return FirstLine(e.InnerException is HttpRequestException http ? http.Message : e.Message);
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        return line.Length > 200 ? line[..200] + "..." : line;
    }
}
