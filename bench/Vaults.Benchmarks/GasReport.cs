using System.Numerics;
using System.Text.Json;
using Vaults.Contracts.Deployment;
using Vaults.Contracts.InsuranceFund;
using Vaults.Contracts.LiquidityPool;
using Vaults.Contracts.PriceOracle;
using Vaults.Contracts.TestUSDC;
using Vaults.Contracts.VaultFactory;
using Vaults.Contracts.VaultFactory.ContractDefinition;
using Vaults.Devnet;
using Nethereum.Web3;
using Vaults.Chain;
using Nethereum.Web3.Accounts;
using Nethereum.Contracts;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.RPC.NonceServices;

namespace Vaults.Benchmarks;

/// <summary>
/// `gas`: starts a Hardhat node, deploys the Vaults system with <see cref="VaultsDeployer"/>, and measures the
/// gas used (receipt.GasUsed, the whole transaction including the 21,000 base) of every trading and liquidation
/// flow against its target. Prints a markdown table and writes BenchmarkDotNet.Artifacts/gas-report.json.
/// Exit code 0 when every target is met.
/// </summary>
/// <remarks>
/// Scenario (steady state unless the row says otherwise): 1,000,000 tUSDC of LP liquidity, an insurance fund
/// whose 10,000 tUSDC are parked in the pool as its claim, a keeper that already holds tUSDC, traders with an
/// unlimited allowance to the factory. Vaults are
/// opened at 2,000 with 1,000 tUSDC of collateral; the price then falls in steps (at most 20% each, the
/// market's deviation bound) so one vault is partially liquidatable, then others fully (with and without
/// bad debt), then a batch of <see cref="BatchSize"/> vaults.
/// </remarks>
internal static class GasReport
{
    private const int BatchSize = 10;
    private const int Admin = 0, Lp = 1, Keeper = 8;

    private sealed record Row(string Flow, long Gas, long? Target, string Note = "")
    {
        public bool? Met => Target is { } t ? Gas <= t : null;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var profile = args.Contains("--profile");
        await using var node = await HardhatNode.StartAsync(new HardhatNodeOptions());
        var client = new RpcClient(node.RpcUrl);
        var options = new VaultsTransactionManagerOptions { ReceiptPollInterval = TimeSpan.FromMilliseconds(5) };
        var web3s = Enumerable.Range(0, 10).Select(i => VaultsTransactionManager.CreateWeb3(new Account(node.Accounts[i].PrivateKey, node.ChainId), client, options)).ToArray();
        Address Addr(int i) => node.Accounts[i].Address;

        var d = await new VaultsDeployer(web3s[Admin]).DeployAsync();
        var token = new TestUSDCService(web3s[Admin], d.SettlementToken);
        var oracle = new PriceOracleService(web3s[Admin], d.PriceOracle);
        VaultFactoryService Factory(int i) => new(web3s[i], d.VaultFactory);
        static BigInteger Usdc(decimal v) => Units.ToBaseUnits(v, 6);
        static BigInteger Wad(decimal v) => Units.ToBaseUnits(v, 18);

        // Funding: LP liquidity, insurance fund balance, a keeper that already holds tokens, traders.
        await token.MintRequestAndWaitForReceiptAsync(Addr(Lp), Usdc(1_000_000));
        await new TestUSDCService(web3s[Lp], d.SettlementToken).ApproveRequestAndWaitForReceiptAsync(d.LiquidityPool, Usdc(1_000_000));
        await new LiquidityPoolService(web3s[Lp], d.LiquidityPool).DepositRequestAndWaitForReceiptAsync(Usdc(1_000_000), Addr(Lp));
        // The fund parks its capital in the pool as its claim (InsuranceFund.depositToClaim), so bad debt is covered
        // by an entry in the factory instead of a call into the fund and a transfer.
        await token.MintRequestAndWaitForReceiptAsync(d.InsuranceFund, Usdc(10_000));
        await new InsuranceFundService(web3s[Admin], d.InsuranceFund).DepositToClaimRequestAndWaitForReceiptAsync(Usdc(10_000));
        await token.MintRequestAndWaitForReceiptAsync(Addr(Keeper), Usdc(1));
        for (var i = 2; i < 8; i++)
        {
            await token.MintRequestAndWaitForReceiptAsync(Addr(i), Usdc(1_000_000));
            await new TestUSDCService(web3s[i], d.SettlementToken).ApproveRequestAndWaitForReceiptAsync(d.VaultFactory, (BigInteger.One << 256) - 1);
        }

        var rows = new List<Row>();
        var nonces = new Dictionary<int, ulong>();
        async Task<(Address Vault, TransactionReceipt Receipt)> Open(int trader, decimal collateral, decimal size)
        {
            var nonce = nonces.TryGetValue(trader, out var n) ? n : 0;
            nonces[trader] = nonce + 1;
            var receipt = Check(await Factory(trader).OpenVaultRequestAndWaitForReceiptAsync(d.MarketId, true, Usdc(collateral), Wad(size), Wad(1_000_000), nonce));
            return (receipt.DecodeAllEvents<VaultOpenedEventDTO>().Single().Event.Vault, receipt);
        }
        void Add(string flow, TransactionReceipt r, long? target, string note = "") => rows.Add(new Row(flow, (long)Check(r).GasUsed.Value, target, note));
        var names = new Dictionary<string, string>
        {
            ["tx.to"] = "VaultFactory",
            [d.VaultFactory.ToString().ToLowerInvariant()] = "VaultFactory",
            [d.SettlementToken.ToString().ToLowerInvariant()] = "token",
            [d.PriceOracle.ToString().ToLowerInvariant()] = "PriceOracle",
            [d.LiquidityPool.ToString().ToLowerInvariant()] = "LiquidityPool",
            [d.InsuranceFund.ToString().ToLowerInvariant()] = "InsuranceFund",
            [d.MarketConfig.ToString().ToLowerInvariant()] = "MarketConfig",
            [(await Factory(Admin).VaultImplementationQueryAsync()).ToString().ToLowerInvariant()] = "MarginVault (code)",
        };
        async Task Profile(string flow, TransactionReceipt r, Address vault)
        {
            if (!profile) return;
            Console.WriteLine($"{flow}: {r.GasUsed.Value:N0} gas");
            Console.WriteLine(await GasProfile.DescribeAsync(client, r.TransactionHash, names, vault.ToString().ToLowerInvariant()));
        }
        Task SetPrice(decimal p) => oracle.SubmitRequestAndWaitForReceiptAsync(Units.ToBaseUnits(p, 8));

        // --- Opens: the system's first vault (market open interest and the factory's counters start at zero),
        // another owner's first vault, and the same owner's second vault.
        var (a, r1) = await Open(2, 1_000, 4);
        Add("open (first vault of the system)", r1, 200_000, "the open-interest slot is non-zero from the market's sync (sentinel)");
        var (b, r2) = await Open(3, 1_000, 4);
        Add("open (owner's first vault)", r2, 200_000);
        var (_, r3) = await Open(2, 1_000, 4);
        Add("open (owner's later vault)", r3, 200_000);

        // --- Margin and size on vault a, close vault b (price unchanged).
        Add("addMargin (factory)", await Factory(2).AddMarginRequestAndWaitForReceiptAsync(a, Usdc(100)), 60_000);
        Add("removeMargin", await Factory(2).RemoveMarginRequestAndWaitForReceiptAsync(a, Usdc(50), Addr(2)), null);
        Add("increasePosition", await Factory(2).IncreasePositionRequestAndWaitForReceiptAsync(a, Wad(0.5m), 0, Wad(1_000_000)), null);
        Add("decreasePosition", await Factory(2).DecreasePositionRequestAndWaitForReceiptAsync(a, Wad(0.5m), 0), null);
        Add("closeVault", await Factory(3).CloseVaultRequestAndWaitForReceiptAsync(b, 0), 150_000);

        // --- Vaults to liquidate, all opened at 2,000.
        var (partial, _) = await Open(4, 1_000, 4.5m);   // 9x: crosses maintenance first, partially liquidatable just below
        var (full, _) = await Open(4, 1_000, 4);         // 8x: fully liquidatable (equity left) at 1,778
        var (bad, _) = await Open(5, 1_000, 4.75m);      // 9.5x: under water at 1,778 (bad debt)
        var batch = new List<Address>();
        for (var k = 0; k < BatchSize; k++) batch.Add((await Open(2 + k % 6, 1_000, 4)).Vault);

        await SetPrice(1_830);
        var pp = await Factory(Keeper).PreviewLiquidationQueryAsync(partial);
        if (!pp.Liquidatable || pp.Full) throw new InvalidOperationException($"Scenario: the 9x vault at 1,830 is not partially liquidatable (liquidatable={pp.Liquidatable}, full={pp.Full}).");
        var rp = await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(partial);
        Add("liquidate one vault (partial)", rp, 100_000, $"closes {Units.Format(pp.ClosedSize, 18)} of 4.5");
        await Profile("liquidate (partial)", rp, partial);

        await SetPrice(1_778);
        var pf = await Factory(Keeper).PreviewLiquidationQueryAsync(full);
        if (!pf.Liquidatable || !pf.Full || pf.BadDebt != 0) throw new InvalidOperationException("Scenario: the 8x vault at 1,778 is not fully liquidatable without bad debt.");
        var rf = await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(full);
        Add("liquidate one vault (full, no bad debt)", rf, 100_000);
        await Profile("liquidate (full)", rf, full);
        var pb = await Factory(Keeper).PreviewLiquidationQueryAsync(bad);
        if (!pb.Liquidatable || !pb.Full || pb.BadDebt == 0) throw new InvalidOperationException("Scenario: the 9.5x vault at 1,778 has no bad debt.");
        var rb = await Factory(Keeper).LiquidateRequestAndWaitForReceiptAsync(bad);
        Add("liquidate one vault (full, bad debt)", rb, 100_000, "paid from the insurance fund's claim");
        await Profile("liquidate (full, bad debt)", rb, bad);

        var batchReceipt = Check(await Factory(Keeper).LiquidateBatchRequestAndWaitForReceiptAsync([.. batch.Select(v => v.ToString())]));
        var result = batchReceipt.DecodeAllEvents<BatchLiquidatedEventDTO>().Single().Event;
        if (result.Liquidated != BatchSize) throw new InvalidOperationException($"Scenario: the batch liquidated {result.Liquidated} of {BatchSize}.");
        var batchGas = (long)batchReceipt.GasUsed.Value;
        rows.Add(new Row($"liquidateBatch ({BatchSize} vaults, total)", batchGas, null));
        rows.Add(new Row("liquidateBatch (per vault)", batchGas / BatchSize, 60_000, "total / N, base transaction cost included"));

        Console.WriteLine();
        Console.WriteLine("| Flow | Gas used | Target | Met | Note |");
        Console.WriteLine("|---|---:|---:|:-:|---|");
        foreach (var row in rows)
            Console.WriteLine($"| {row.Flow} | {row.Gas:N0} | {(row.Target is { } t ? $"<= {t:N0}" : "")} | {row.Met switch { true => "pass", false => "FAIL", null => "" }} | {row.Note} |");

        Directory.CreateDirectory("BenchmarkDotNet.Artifacts");
        var path = Path.Combine("BenchmarkDotNet.Artifacts", "gas-report.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            batchSize = BatchSize,
            rows = rows.Select(r => new { flow = r.Flow, gasUsed = r.Gas, target = r.Target, met = r.Met, note = r.Note }),
            allMet = rows.All(r => r.Met != false),
        }, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine();
        Console.WriteLine($"Written to {Path.GetFullPath(path)}");
        return rows.All(r => r.Met != false) ? 0 : 1;
    }

    private static TransactionReceipt Check(TransactionReceipt receipt) =>
        receipt.Succeeded() ? receipt : throw new InvalidOperationException($"Transaction {receipt.TransactionHash} failed.");
}
