using System.Diagnostics;
using System.Security.Cryptography;

namespace Vaults.Devnet;

/// <summary>
/// The hardhat-node files a packaged tool carries beside its binaries (package.json, package-lock.json, hardhat.config.js,
/// scripts/run-node.js; no node_modules, no contracts: the bindings hold the bytecode). On first use they are copied to a
/// per-user folder named by their hash and <c>npm ci</c> runs there once, so an installed tool works on any machine with
/// Node.js, not only on the one that built it.
/// </summary>
public static class HardhatNodeBundle
{
    /// <summary>The folder beside the binaries that holds the bundle.</summary>
    public const string FolderName = "hardhat-node-bundle";

    /// <summary>Where installed bundles live: the user's local application data (<c>~/.local/share/vaults/hardhat-node</c> on Linux).</summary>
    public static string DefaultCacheRoot =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "vaults", "hardhat-node");

    /// <summary>The bundle beside <paramref name="baseDirectory"/>, or null when the binaries carry none.</summary>
    public static string? Find(string baseDirectory)
    {
        var bundle = Path.Combine(baseDirectory, FolderName);
        return File.Exists(Path.Combine(bundle, "hardhat.config.js")) ? bundle : null;
    }

    /// <summary>
    /// The installed copy of <paramref name="bundle"/> under <paramref name="cacheRoot"/>, installing it first when needed
    /// (copy, then <c>npm ci</c> in a staging folder moved into place at the end, so an interrupted or concurrent install
    /// never leaves a half-installed folder that looks finished).
    /// </summary>
    /// <exception cref="HardhatNodeStartException">npm is missing or <c>npm ci</c> failed.</exception>
    public static async Task<string> InstallAsync(string bundle, string cacheRoot, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var target = Path.Combine(cacheRoot, await HashAsync(bundle, ct).ConfigureAwait(false));
        if (File.Exists(Path.Combine(target, "node_modules", ".package-lock.json"))) return target;

        progress?.Report($"First use: installing the devnet's Node.js packages into {target} (npm ci, a minute or two)...");
        var staging = $"{target}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Copy(bundle, staging);
            await NpmCiAsync(staging, ct).ConfigureAwait(false);
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, "node_modules", ".package-lock.json")))
            {
                // Another process finished the same install first: use theirs.
            }
            return target;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>A short hash of the bundle's files: a tool update with other packages installs beside the old copy.</summary>
    private static async Task<string> HashAsync(string bundle, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(bundle, file).Replace('\\', '/')));
            sha.AppendData(await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static async Task NpmCiAsync(string folder, CancellationToken ct)
    {
        var info = new ProcessStartInfo("npm")
        {
            WorkingDirectory = folder,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" }) info.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("npm did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new HardhatNodeStartException($"Could not run 'npm' to install the devnet's packages (is Node.js 20+ with npm on PATH?): {e.Message}", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            try
            {
                await process.WaitForExitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var last = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
                throw new HardhatNodeStartException($"npm ci failed (exit {process.ExitCode}) installing the devnet's packages: {last}");
            }
        }
    }
}
