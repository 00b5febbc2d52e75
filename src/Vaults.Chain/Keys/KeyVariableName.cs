namespace Vaults.Chain;

/// <summary>
/// Checks the name given where a tool expects "the environment variable that holds the key" (<c>--key-env NAME</c>).
/// A key pasted there by mistake (<c>--key-env 0x...</c> instead of <c>--key-env $DEPLOYER_KEY</c>'s name) would otherwise
/// be echoed in "variable ... is not set"; this check lets the caller refuse it without repeating the value.
/// </summary>
public static class KeyVariableName
{
    /// <summary>
    /// Null when <paramref name="name"/> is a plausible environment variable name; otherwise a one-line reason that names
    /// <paramref name="flag"/> and never contains the value.
    /// </summary>
    public static string? Problem(string name, string flag)
    {
        if (LooksLikeHex(name))
            return $"{flag} takes the NAME of an environment variable holding the key, not the key itself (the value given looks like a hex key and is not printed).";
        if (!IsVariableName(name))
            return $"{flag} takes the NAME of an environment variable holding the key (letters, digits and _, not starting with a digit); the value given is not one and is not printed.";
        return null;
    }

    /// <summary>POSIX portable variable names: what a shell can export.</summary>
    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// Hex long enough to be key material (32 digits and more: a key, or half of one), with or without 0x. A name such
    /// as <c>DEADBEEF</c> stays allowed.
    /// </summary>
    private static bool LooksLikeHex(string value)
    {
        var digits = value.Trim();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) digits = digits[2..];
        return digits.Length >= 32 && digits.All(char.IsAsciiHexDigit);
    }
}
