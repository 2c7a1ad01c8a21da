using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Wasl.ArchitectureTests;

/// <summary>
/// Each boundary rule is run on a small assembly that breaks it on purpose — a "wrong commit" compiled here with Roslyn
/// against the real Wasl.Web — and must name the breach. A rule that cannot fail would pass these by saying nothing.
/// </summary>
public sealed class BreachTests
{
    [Fact]
    public void A_platform_type_using_a_module_type_only_inside_a_method_body_is_found()
    {
        var code = Compile("""
            namespace Wasl.Web.Platform.Breach;
            internal static class Sneaky
            {
                public static string Peek(object o) => o is Wasl.Web.Modules.Requests.Domain.Request r ? r.Number : "";
            }
            """);
        var offenders = Rules.PlatformUsesNoModule(code, []);
        Assert.Contains(offenders, o => o.Contains("Breach.Sneaky.Peek", StringComparison.Ordinal) && o.Contains("Wasl.Web.Modules.Requests.Domain.Request", StringComparison.Ordinal));
    }

    [Fact]
    public void A_platform_lambda_using_a_module_type_is_found()
    {
        var code = Compile("""
            namespace Wasl.Web.Platform.Breach;
            internal static class Sneaky
            {
                public static System.Func<object, bool> Test() => o => o is Wasl.Web.Modules.Requests.Domain.RequestStatus;
            }
            """);
        Assert.Contains(Rules.PlatformUsesNoModule(code, []), o => o.Contains("RequestStatus", StringComparison.Ordinal));
    }

    [Fact]
    public void A_platform_type_naming_a_module_subject_is_found()
    {
        var code = Compile("""
            namespace Wasl.Web.Modules.Parcels { internal static class ParcelsModule { public const string Subject = "Parcel"; } }
            namespace Wasl.Web.Platform.Breach { internal static class Sneaky { public static string Which() => "Parcel"; } }
            """);
        var subjects = Rules.ModuleSubjects(code);
        Assert.Equal(["Parcel"], subjects);
        Assert.Contains(Rules.PlatformUsesNoModule(code, subjects), o => o.Contains("\"Parcel\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_using_directive_of_a_module_in_a_platform_source_is_found()
    {
        var root = Directory.CreateTempSubdirectory("wasl-arch-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "Platform/Shell"));
            File.WriteAllText(Path.Combine(root.FullName, "Platform/Shell/Clean.cs"), "namespace Wasl.Web.Platform.Shell;\ninternal static class Clean;\n");
            Assert.Empty(Rules.PlatformSourcesNamingAModule(root.FullName));
            File.WriteAllText(Path.Combine(root.FullName, "Platform/Shell/Breach.cs"), "using Wasl.Web.Modules.Requests;\n\nnamespace Wasl.Web.Platform.Shell;\ninternal static class Breach;\n");
            Assert.Equal([Path.Combine(root.FullName, "Platform/Shell/Breach.cs")], Rules.PlatformSourcesNamingAModule(root.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_module_using_another_module_outside_its_contracts_is_found_and_a_contract_is_not()
    {
        var code = Compile("""
            namespace Wasl.Web.Modules.Requests.Contracts { internal interface IRequestLookup { string? StatusOf(string number); } }
            namespace Wasl.Web.Modules.Correspondence
            {
                internal sealed class LinksToRequests(Wasl.Web.Modules.Requests.Contracts.IRequestLookup lookup)
                {
                    public string? Status(string number) => lookup.StatusOf(number);
                    public static object Reach() => new Wasl.Web.Modules.Requests.Domain.Category();
                }
            }
            """);
        var offenders = Rules.ModulesMeetOnlyThroughContracts(code);
        Assert.Contains(offenders, o => o.Contains("Wasl.Web.Modules.Requests.Domain.Category", StringComparison.Ordinal));
        Assert.DoesNotContain(offenders, o => o.Contains("IRequestLookup", StringComparison.Ordinal));
    }

    [Fact]
    public void A_module_source_using_another_module_root_namespace_is_found()
    {
        var root = Directory.CreateTempSubdirectory("wasl-arch-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "Modules/Requests"));
            Directory.CreateDirectory(Path.Combine(root.FullName, "Modules/Correspondence"));
            File.WriteAllText(Path.Combine(root.FullName, "Modules/Correspondence/Fine.cs"), "using Wasl.Web.Modules.Requests.Contracts;\nusing Wasl.Web.Modules.Correspondence.Domain;\n");
            Assert.Empty(Rules.ModuleSourcesNamingAnotherModule(root.FullName));
            File.WriteAllText(Path.Combine(root.FullName, "Modules/Correspondence/Breach.cs"), "using Wasl.Web.Modules.Requests;\n");
            Assert.Single(Rules.ModuleSourcesNamingAnotherModule(root.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_domain_type_using_ef_core_or_asp_net_core_is_found()
    {
        var code = Compile("""
            namespace Wasl.Web.Modules.Parcels.Domain;
            internal sealed class Parcel
            {
                public static bool FromTheWeb(object o) => o is Microsoft.AspNetCore.Http.HttpContext;
                public static bool Tracked(object o) => o is Microsoft.EntityFrameworkCore.DbContext;
            }
            """);
        var offenders = Rules.DomainIsPlain(code);
        Assert.Contains(offenders, o => o.Contains("Microsoft.AspNetCore.Http.HttpContext", StringComparison.Ordinal));
        Assert.Contains(offenders, o => o.Contains("Microsoft.EntityFrameworkCore.DbContext", StringComparison.Ordinal));
    }

    [Fact]
    public void A_public_type_not_on_the_list_is_found()
    {
        var code = Compile("""
            namespace Wasl.Web.Platform.Breach;
            public sealed class Leaky { public sealed class Inner; }
            internal sealed class Fine;
            """);
        Assert.Equal(["Wasl.Web.Platform.Breach.Leaky", "Wasl.Web.Platform.Breach.Leaky+Inner"], Rules.UnlistedPublicTypes(code));
    }

    /// <summary>
    /// Compiles a breach against Wasl.Web and the framework. The assembly takes this test assembly's name, to which
    /// Wasl.Web grants its internals, so the breach can name internal types as code inside Wasl.Web would.
    /// </summary>
    private static Mono.Cecil.ModuleDefinition Compile(string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Wasl.Web.Platform.PlatformModule).Assembly.Location)
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            Assembly.GetExecutingAssembly().GetName().Name,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return CodeGraph.Load(image);
    }
}
