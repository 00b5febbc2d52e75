using BenchmarkDotNet.Running;
using Vaults.Benchmarks;
using Vaults.Benchmarks.KeeperScale;

// `vs-ethers` runs the two headline workloads and ethers v6 on the same machine and core, and prints the ratio.
// Anything else goes to BenchmarkDotNet's switcher (e.g. --filter '*Abi*').
if (args.Length > 0 && args[0] == "vs-ethers")
    return await EthersComparison.RunAsync(args[1..]);

// `gas` deploys the Vaults system on a fresh Hardhat node and checks the gas of every flow against its target.
if (args.Length > 0 && args[0] == "gas")
    return await GasReport.RunAsync(args[1..]);

// `keeper-scale` measures the keeper per price update at 10k/100k vaults in memory and 200/1,000 vaults on a real node (issue 4).
if (args.Length > 0 && args[0] == "keeper-scale")
    return await KeeperScaleReport.RunAsync(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
