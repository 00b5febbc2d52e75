using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Vaults.Ethereum.Generators;

namespace Vaults.Ethereum.Generators.Tests;

/// <summary>
/// Runs the generator on an artifact with the awkward corners of the ABI (overloads, nested tuple arrays,
/// fixed arrays, C# keywords as names, unnamed parameters, indexed dynamic event arguments, tuple errors)
/// and compiles the output against the real Nethereum assemblies.
/// </summary>
public class GeneratorTests
{
    private static (Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics) Run(params string[] artifactFiles)
    {
        // The framework, and every Nethereum assembly the bindings use (copied beside the tests by the package references).
        var nethereum = Directory.GetFiles(AppContext.BaseDirectory, "Nethereum.*.dll").Append(Path.Combine(AppContext.BaseDirectory, "Newtonsoft.Json.dll"));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Concat(nethereum)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Bindings", [], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var texts = artifactFiles.Select(f => (AdditionalText)new ArtifactText(Path.Combine(AppContext.BaseDirectory, "Artifacts", f), "/repo/hardhat-node/artifacts/contracts/" + f)).ToImmutableArray();
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new ContractBindingsGenerator().AsSourceGenerator()], texts, optionsProvider: new RootNamespaceOptions("Sample.Contracts"));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (output, diagnostics);
    }

    [Fact]
    public void Generated_bindings_compile_without_errors_or_warnings()
    {
        var (output, generatorDiagnostics) = Run("Awkward.json");
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(d => d.ToString())));
    }

    [Theory]
    [InlineData("Sample.Contracts.Awkward.ContractDefinition.TransferFunction")]
    [InlineData("Sample.Contracts.Awkward.ContractDefinition.Transfer1Function")]
    [InlineData("Sample.Contracts.Awkward.ContractDefinition.PositionsOutputDTO")]
    [InlineData("Sample.Contracts.Awkward.ContractDefinition.Position")]
    [InlineData("Sample.Contracts.Awkward.ContractDefinition.Leg")]
    [InlineData("Sample.Contracts.Awkward.ContractDefinition.TaggedEventDTO")]
    [InlineData("Sample.Contracts.Awkward.ContractDefinition.BadLegError")]
    [InlineData("Sample.Contracts.Awkward.ContractDefinition.AwkwardDeployment")]
    [InlineData("Sample.Contracts.Awkward.AwkwardService")]
    [InlineData("Sample.Contracts.GeneratedContractErrors")]
    public void Each_abi_entry_gets_its_type(string typeName)
    {
        var (output, _) = Run("Awkward.json");
        Assert.NotNull(output.GetTypeByMetadataName(typeName));
    }

    [Fact]
    public void Indexed_string_event_argument_is_its_hash_and_struct_fields_keep_solidity_types()
    {
        var (output, _) = Run("Awkward.json");
        var tagged = output.GetTypeByMetadataName("Sample.Contracts.Awkward.ContractDefinition.TaggedEventDTOBase")!;
        Assert.Equal("string", PropertyType(tagged, "Note")); // the topic (Keccak of the string), as Nethereum decodes it
        Assert.Equal("string", PropertyType(tagged, "Who"));
        var position = output.GetTypeByMetadataName("Sample.Contracts.Awkward.ContractDefinition.PositionBase")!;
        Assert.Equal("ulong", PropertyType(position, "Id"));
        Assert.Equal("System.Numerics.BigInteger", PropertyType(position, "Tick"));
        Assert.Equal("System.Collections.Generic.List<Sample.Contracts.Awkward.ContractDefinition.Leg>", PropertyType(position, "Legs"));
        var deployment = output.GetTypeByMetadataName("Sample.Contracts.Awkward.ContractDefinition.AwkwardDeploymentBase")!;
        Assert.Equal("string", PropertyType(deployment, "Class"));
    }

    [Fact]
    public void Bindings_have_the_shape_of_Nethereums_code_generator()
    {
        var (output, _) = Run("Awkward.json");
        var function = output.GetTypeByMetadataName("Sample.Contracts.Awkward.ContractDefinition.TransferFunctionBase")!;
        Assert.Equal("Nethereum.Contracts.FunctionMessage", function.BaseType!.ToDisplayString());
        Assert.Contains(function.GetAttributes(), a => a.AttributeClass!.ToDisplayString() == "Nethereum.ABI.FunctionEncoding.Attributes.FunctionAttribute");
        var parameter = function.GetMembers().OfType<IPropertySymbol>().First().GetAttributes().Single();
        Assert.Equal("Nethereum.ABI.FunctionEncoding.Attributes.ParameterAttribute", parameter.AttributeClass!.ToDisplayString());
        var tagged = output.GetTypeByMetadataName("Sample.Contracts.Awkward.ContractDefinition.TaggedEventDTOBase")!;
        Assert.Contains(tagged.Interfaces, i => i.ToDisplayString() == "Nethereum.ABI.FunctionEncoding.Attributes.IEventDTO");
        var error = output.GetTypeByMetadataName("Sample.Contracts.Awkward.ContractDefinition.BadLegErrorBase")!;
        Assert.Contains(error.GetAttributes(), a => a.AttributeClass!.ToDisplayString() == "Nethereum.ABI.FunctionEncoding.Attributes.ErrorAttribute");
        var deployment = output.GetTypeByMetadataName("Sample.Contracts.Awkward.ContractDefinition.AwkwardDeploymentBase")!;
        Assert.Equal("Nethereum.Contracts.ContractDeploymentMessage", deployment.BaseType!.ToDisplayString());
        var service = output.GetTypeByMetadataName("Sample.Contracts.Awkward.AwkwardServiceBase")!;
        Assert.Equal("Nethereum.Web3.ContractWeb3ServiceBase", service.BaseType!.ToDisplayString());
        var methods = output.GetTypeByMetadataName("Sample.Contracts.Awkward.AwkwardService")!.GetMembers().Concat(service.GetMembers()).Select(m => m.Name).ToHashSet();
        Assert.Contains("TransferRequestAsync", methods);
        Assert.Contains("TransferRequestAndWaitForReceiptAsync", methods);
        Assert.Contains("PositionsQueryAsync", methods);
        Assert.Contains("DeployContractAndWaitForReceiptAsync", methods);
    }

    [Fact]
    public void Parameters_named_like_transaction_overrides_do_not_hide_them()
    {
        var (output, _) = Run("Awkward.json");
        var open = output.GetTypeByMetadataName("Sample.Contracts.Awkward.ContractDefinition.OpenFunctionBase")!;
        Assert.Equal(["NonceValue", "GasValue", "NonceValue2"], open.GetMembers().OfType<IPropertySymbol>().Select(p => p.Name));
    }

    [Fact]
    public void A_malformed_artifact_is_reported_not_thrown()
    {
        var (_, diagnostics) = Run("Broken.json");
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("VAULTSGEN001", diagnostic.Id);
    }

    private static string PropertyType(INamedTypeSymbol type, string name) =>
        type.GetMembers(name).OfType<IPropertySymbol>().Single().Type.ToDisplayString();

    private sealed class ArtifactText(string realPath, string reportedPath) : AdditionalText
    {
        public override string Path => reportedPath;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(realPath));
    }

    private sealed class RootNamespaceOptions(string ns) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(ns);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(null);
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(null);

        private sealed class Options(string? ns) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = ns ?? "";
                return ns != null && key == "build_property.VaultsContractsNamespace";
            }
        }
    }
}
