namespace Vaults.Keeper.Scanning;

/// <summary>Progress of a scan, reported after each committed chunk.</summary>
/// <param name="FromBlock">The scan's first block.</param>
/// <param name="CurrentBlock">The last block processed so far.</param>
/// <param name="TargetBlock">The scan's last block.</param>
/// <param name="EventsApplied">Factory events applied so far in this scan.</param>
/// <param name="VaultsIndexed">Vaults in the index now.</param>
public sealed record ScanProgress(ulong FromBlock, ulong CurrentBlock, ulong TargetBlock, int EventsApplied, int VaultsIndexed)
{
    /// <summary>The fraction of the range done, in [0, 1].</summary>
    public double Fraction => TargetBlock < FromBlock ? 1 : (CurrentBlock - FromBlock + 1) / (double)(TargetBlock - FromBlock + 1);
}
