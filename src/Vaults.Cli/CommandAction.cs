using System.CommandLine;
using Vaults.Client;

namespace Vaults.Cli;

/// <summary>
/// Wraps every command's action: a problem the user can fix prints one line on stderr and exits 1; Ctrl-C exits 130;
/// anything unexpected still prints one line (its type and message), never a stack trace that could carry secrets.
/// </summary>
internal static class CommandAction
{
    public const int Failed = 1;
    public const int Cancelled = 130;

    public static Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (result, ct) =>
        {
            try
            {
                return await action(result, ct);
            }
            catch (VaultsClientException e)
            {
                return Fail(e.Message);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("Cancelled.");
                return Cancelled;
            }
            // Here no client says which token is settled: token amounts stay in base units rather than assuming 18 decimals.
            catch (Exception e) when (ContractErrors.TryDescribe(e, tokenDecimals: null, out var message))
            {
                return Fail(message);
            }
            catch (Exception e)
            {
                return Fail($"{e.GetType().Name}: {ContractErrors.FirstLine(e.Message)}");
            }
        };

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return Failed;
    }
}
