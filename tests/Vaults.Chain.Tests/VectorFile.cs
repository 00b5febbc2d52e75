using System.Text.Json;

namespace Vaults.Chain.Tests;

/// <summary>Reads published test vectors kept as JSON files under Vectors/ (each file names its source).</summary>
internal static class VectorFile
{
    public static JsonElement Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", name);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>Loads the "vectors" array of a file as theory rows.</summary>
    public static TheoryData<T1, T2> Load<T1, T2>(string name, Func<JsonElement, (T1, T2)> row)
    {
        var data = new TheoryData<T1, T2>();
        foreach (var v in Read(name).GetProperty("vectors").EnumerateArray())
        {
            var (a, b) = row(v);
            data.Add(a, b);
        }
        return data;
    }

    public static TheoryData<T1, T2, T3> Load<T1, T2, T3>(string name, Func<JsonElement, (T1, T2, T3)> row)
    {
        var data = new TheoryData<T1, T2, T3>();
        foreach (var v in Read(name).GetProperty("vectors").EnumerateArray())
        {
            var (a, b, c) = row(v);
            data.Add(a, b, c);
        }
        return data;
    }
}
