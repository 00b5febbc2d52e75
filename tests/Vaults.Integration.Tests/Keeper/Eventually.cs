namespace Vaults.Integration.Tests.Keeper;

/// <summary>Waiting for a running keeper to get somewhere.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 50 ms until it holds; fails after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
