using System.Globalization;
using System.Text;
using System.Text.Json;
using Nethereum.JsonRpc.Client;
using Vaults.Chain;

namespace Vaults.Benchmarks;

/// <summary>
/// Where a transaction's gas goes: replays it with <c>debug_traceTransaction</c> and charges every opcode's own
/// cost to the contract executing it and to a category (storage reads and writes, calls, logs, hashing, the rest).
/// A call is charged only its own overhead (cold account access, memory for its arguments); what the callee spends
/// is charged to the callee. `gas --profile` prints this for each liquidation flow.
/// </summary>
internal static class GasProfile
{
    private sealed record Step(int Depth, long Gas, long Cost, string Op, string? CallTarget);

    /// <summary>Traces <paramref name="txHash"/> and returns a printable table; <paramref name="names"/> maps lower-case addresses to names.</summary>
    public static async Task<string> DescribeAsync(IClient client, string txHash, IReadOnlyDictionary<string, string> names, string? vaultAddress)
    {
        // Nethereum's client speaks Newtonsoft: the trace comes back as a JToken and is re-read with System.Text.Json.
        var raw = await client.SendRequestAsync<Newtonsoft.Json.Linq.JToken>(
            new RpcRequest(1, "debug_traceTransaction", txHash, new Dictionary<string, bool> { ["disableMemory"] = true, ["disableStorage"] = true }));
        using var document = JsonDocument.Parse(raw.ToString(Newtonsoft.Json.Formatting.None));
        var trace = document.RootElement;
        if (Environment.GetEnvironmentVariable("GAS_TRACE_DUMP") is { } dump) await File.WriteAllTextAsync(Path.Combine(dump, txHash + ".json"), trace.GetRawText());
        var steps = ReadSteps(trace);
        var totals = new Dictionary<(string Contract, string Category), long>();
        var contractAt = new Stack<string>();
        contractAt.Push(names.GetValueOrDefault("tx.to", "entry"));
        var baseDepth = steps.Count > 0 ? steps[0].Depth : 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            while (contractAt.Count > s.Depth - baseDepth + 1) contractAt.Pop();
            var self = SelfCost(steps, i);
            var key = (contractAt.Peek(), Category(s.Op));
            totals[key] = totals.GetValueOrDefault(key) + self;
            if (i + 1 < steps.Count && steps[i + 1].Depth > s.Depth)
            {
                // DELEGATECALL keeps executing in the caller's storage, but it is the callee's code: name it by the code.
                var target = s.CallTarget ?? "?";
                var name = names.TryGetValue(target, out var n) ? n : target == vaultAddress ? "vault (clone)" : target[..10];
                contractAt.Push(name);
            }
        }

        var sb = new StringBuilder();
        var byContract = totals.GroupBy(t => t.Key.Contract).OrderByDescending(g => g.Sum(t => t.Value));
        foreach (var g in byContract)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    {g.Key,-22} {g.Sum(t => t.Value),7:N0}  ");
            sb.AppendJoin(", ", g.OrderByDescending(t => t.Value).Where(t => t.Value != 0).Select(t => $"{t.Key.Category} {t.Value:N0}"));
            sb.AppendLine();
        }
        sb.Append(CultureInfo.InvariantCulture, $"    {"execution total",-22} {totals.Values.Sum(),7:N0}");
        return sb.ToString();
    }

    private static List<Step> ReadSteps(JsonElement trace)
    {
        var steps = new List<Step>();
        foreach (var log in trace.GetProperty("structLogs").EnumerateArray())
        {
            var op = log.GetProperty("op").GetString()!;
            string? target = null;
            if (op is "CALL" or "STATICCALL" or "DELEGATECALL" or "CALLCODE")
            {
                var stack = log.GetProperty("stack");
                var word = stack[stack.GetArrayLength() - 2].GetString()!;
                target = "0x" + word.TrimStart('0', 'x').PadLeft(40, '0')[^40..];
            }
            steps.Add(new Step(log.GetProperty("depth").GetInt32(), log.GetProperty("gas").GetInt64(), log.GetProperty("gasCost").GetInt64(), op, target));
        }
        return steps;
    }

    /// <summary>An opcode's own cost: the gas drop to the next step at its depth, minus what a call's callee consumed.</summary>
    private static long SelfCost(List<Step> steps, int i)
    {
        var s = steps[i];
        if (i + 1 >= steps.Count || steps[i + 1].Depth < s.Depth) return s.Cost;
        if (steps[i + 1].Depth == s.Depth) return s.Gas - steps[i + 1].Gas;
        var j = i + 1;
        while (j < steps.Count && steps[j].Depth > s.Depth) j++;
        var last = steps[j - 1];
        var childUsed = steps[i + 1].Gas - (last.Gas - last.Cost);
        return j < steps.Count ? s.Gas - steps[j].Gas - childUsed : s.Cost;
    }

    private static string Category(string op) => op switch
    {
        "SLOAD" => "sload",
        "SSTORE" => "sstore",
        "TLOAD" or "TSTORE" => "transient",
        "CALL" or "STATICCALL" or "DELEGATECALL" or "CALLCODE" => "call",
        "LOG0" or "LOG1" or "LOG2" or "LOG3" or "LOG4" => "log",
        "KECCAK256" => "keccak",
        "EXTCODECOPY" or "EXTCODESIZE" or "EXTCODEHASH" or "BALANCE" => "account",
        _ => "compute",
    };
}
