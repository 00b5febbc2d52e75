using System.Net;
using System.Net.Sockets;

namespace Vaults.Devnet;

/// <summary>Asks the OS for an unused loopback port.</summary>
internal static class FreePort
{
    /// <summary>
    /// Binds port 0 and releases it. Another process can grab the port before the node binds it; the
    /// caller retries with a new port when the node reports EADDRINUSE.
    /// </summary>
    public static int Pick()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>
    /// Whether <paramref name="port"/> is free on 127.0.0.1: nothing accepts a connection there and it can be bound. A node already
    /// there must be refused before ours starts: ours would fail to bind, and the readiness probe would be answered by the other one.
    /// </summary>
    public static bool IsFree(int port)
    {
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            try
            {
                probe.Connect(new IPEndPoint(IPAddress.Loopback, port));
                return false; // someone is listening
            }
            catch (SocketException)
            {
            }
        }
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
