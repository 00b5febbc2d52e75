using Vaults.Keeper.Hosting;

namespace Vaults.Keeper.Tests.Hosting;

public sealed class KeeperTriggerTests
{
    [Fact]
    public async Task Triggers_during_a_round_coalesce_into_one_more_round_keeping_the_first_observation_time()
    {
        var trigger = new KeeperTrigger();
        trigger.Signal(100);
        trigger.Signal(200);
        trigger.Signal(300);
        Assert.Equal(100, await trigger.WaitAsync(CancellationToken.None));

        // Nothing pending any more: the next wait blocks until a new signal.
        var next = trigger.WaitAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        trigger.Signal(400);
        trigger.Signal(500);
        Assert.Equal(400, await next.WaitAsync(TimeSpan.FromSeconds(5)));
        using var none = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trigger.WaitAsync(none.Token));
    }
}
