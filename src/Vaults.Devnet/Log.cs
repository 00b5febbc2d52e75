using Microsoft.Extensions.Logging;

namespace Vaults.Devnet;

/// <summary>Source-generated log messages; event ids 2000-2099 belong to the devnet.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Starting Hardhat node on port {Port} from {Directory}")]
    public static partial void Starting(ILogger logger, int port, string directory);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Hardhat node ready at {RpcUrl} (pid {Pid}, chain {ChainId}) after {ElapsedMs} ms")]
    public static partial void Ready(ILogger logger, Uri rpcUrl, int pid, long chainId, long elapsedMs);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "hardhat-node[{Pid}] {Stream}: {Line}")]
    public static partial void Output(ILogger logger, int pid, string stream, string line);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Stopping Hardhat node (pid {Pid})")]
    public static partial void Stopping(ILogger logger, int pid);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Port {Port} was taken before the node could bind it; retrying with another port")]
    public static partial void PortTaken(ILogger logger, int port);

}
