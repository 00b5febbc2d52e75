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
}
