using BenchmarkDotNet.Running;
using Vaults.Benchmarks;

// `vs-ethers` runs the two headline workloads and ethers v6 on the same machine and core, and prints the ratio.
// Anything else goes to BenchmarkDotNet's switcher (e.g. --filter '*Abi*').
if (args.Length > 0 && args[0] == "vs-ethers")
    return await EthersComparison.RunAsync(args[1..]);

// `gas` deploys the Vaults system on a fresh Hardhat node and checks the gas of every flow against its target.
if (args.Length > 0 && args[0] == "gas")
    return await GasReport.RunAsync(args[1..]);

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
