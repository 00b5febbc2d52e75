namespace Vaults.TestNodes;

/// <summary>Which launcher the tests must use, from <c>VAULTS_TEST_NODE</c> (auto when unset).</summary>
public enum TestNodeMode
{
    /// <summary>A container when a Docker daemon answers and the image builds, a child process otherwise.</summary>
    Auto,

    /// <summary>A container, or fail: CI sets this so a broken Docker set-up cannot pass unnoticed on the process path.</summary>
    Container,

    /// <summary>A child process, even when Docker is there.</summary>
    Process,
}

/// <summary>Reads <see cref="TestNodeMode"/> from the environment.</summary>
public static class TestNodeModeSetting
{
    /// <summary>The environment variable: <c>auto</c>, <c>container</c> or <c>process</c>.</summary>
    public const string Variable = "VAULTS_TEST_NODE";

    /// <summary>The mode the environment asks for.</summary>
    /// <exception cref="InvalidOperationException">The variable holds something else.</exception>
    public static TestNodeMode FromEnvironment() => Environment.GetEnvironmentVariable(Variable)?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => TestNodeMode.Auto,
        "container" => TestNodeMode.Container,
        "process" => TestNodeMode.Process,
        var other => throw new InvalidOperationException($"{Variable}={other} is not one of auto, container, process."),
    };
}
