using System.Globalization;
using System.Text.Json;

namespace Vaults.Cli.Tests;

/// <summary>Reading the CLI's --json: amounts are exact decimal strings, never JSON numbers (which consumers read as doubles).</summary>
public static class JsonAmounts
{
    /// <summary>The amount in <paramref name="element"/>, which must be a JSON string holding a decimal.</summary>
    public static decimal GetAmount(this JsonElement element)
    {
        Assert.True(element.ValueKind == JsonValueKind.String, $"an amount must be a JSON string, not {element.ValueKind}: {element.GetRawText()}");
        return decimal.Parse(element.GetString()!, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The common shape of every write command's --json: <c>{"command", "transaction": {"hash", "block", "gasUsed"}, "result"}</c>;
    /// returns <c>result</c> (the state the write left) after checking the rest.
    /// </summary>
    public static JsonElement WriteResult(this JsonElement document, string command)
    {
        Assert.Equal(command, document.GetProperty("command").GetString());
        var tx = document.GetProperty("transaction");
        Assert.Matches("^0x[0-9a-f]{64}$", tx.GetProperty("hash").GetString());
        Assert.True(tx.GetProperty("block").GetInt64() > 0);
        Assert.True(long.Parse(tx.GetProperty("gasUsed").GetString()!, CultureInfo.InvariantCulture) > 21_000);
        return document.GetProperty("result");
    }
}
