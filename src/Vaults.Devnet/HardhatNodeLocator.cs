using System.Reflection;

namespace Vaults.Devnet;

/// <summary>Finds the repository's <c>hardhat-node</c> folder.</summary>
public static class HardhatNodeLocator
{
    private const string ConfigFile = "hardhat.config.js";

    /// <summary>
    /// Order: the explicit option; the nearest ancestor of <see cref="AppContext.BaseDirectory"/> holding
    /// <c>hardhat-node/hardhat.config.js</c> (works for bin/ folders inside any clone, even a moved one);
    /// the path recorded at build time (AssemblyMetadata "HardhatNodeDir", for binaries copied elsewhere).
    /// </summary>
    public static string Locate(string? explicitDirectory)
    {
        if (explicitDirectory is not null)
        {
            var full = Path.GetFullPath(explicitDirectory);
            if (!File.Exists(Path.Combine(full, ConfigFile)))
                throw new DirectoryNotFoundException($"{full} has no {ConfigFile}; HardhatNodeOptions.HardhatNodeDirectory must point at hardhat-node/.");
            return full;
        }

        if (FindAbove(AppContext.BaseDirectory) is { } inTree) return inTree;

        var recorded = typeof(HardhatNodeLocator).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HardhatNodeDir")?.Value;
        if (!string.IsNullOrEmpty(recorded) && File.Exists(Path.Combine(recorded, ConfigFile)))
            return Path.GetFullPath(recorded);

        throw new DirectoryNotFoundException(
            $"Could not find hardhat-node/{ConfigFile} above {AppContext.BaseDirectory} nor at the build-time path '{recorded}'. " +
            "Set HardhatNodeOptions.HardhatNodeDirectory.");
    }

    /// <summary>The nearest ancestor of <paramref name="directory"/> (itself included) holding <c>hardhat-node/hardhat.config.js</c>, or null.</summary>
    public static string? FindAbove(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "hardhat-node");
            if (File.Exists(Path.Combine(candidate, ConfigFile)))
                return candidate;
        }
        return null;
    }
}
