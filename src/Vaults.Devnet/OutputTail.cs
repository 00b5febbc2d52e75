namespace Vaults.Devnet;

/// <summary>Keeps the last lines of a process's output for error messages.</summary>
internal sealed class OutputTail(int capacity)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity) _lines.Dequeue();
        }
    }

    public bool Contains(string text)
    {
        lock (_gate) return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
    }

    public override string ToString()
    {
        lock (_gate) return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
    }
}
