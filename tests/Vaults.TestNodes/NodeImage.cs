using System.Diagnostics;

namespace Vaults.TestNodes;

/// <summary>The Hardhat node image, built by <c>hardhat-node/docker/build-image.sh</c> (a second or so when it is already built).</summary>
internal static class NodeImage
{
    /// <summary>Runs the build script and returns the image name it prints, e.g. <c>vaults-hardhat-node:3f2a9c0d1e7b</c>.</summary>
    /// <exception cref="InvalidOperationException">The script failed; the message carries its last error line.</exception>
    public static async Task<string> EnsureAsync(string hardhatNodeDirectory, CancellationToken ct)
    {
        var script = Path.Combine(hardhatNodeDirectory, "docker", "build-image.sh");
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add("--quiet");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var image = (await stdout.ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        var errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0 || string.IsNullOrEmpty(image))
        {
            var last = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}): {last}");
        }
        return image;
    }
}
