using System.Text.RegularExpressions;
using Mono.Cecil;

namespace Wasl.ArchitectureTests;

/// <summary>
/// The boundaries of the code (../../shared/STYLE.md, ADR 0001), as functions over compiled code that return what breaks
/// them. The tests run each rule on Wasl.Web and on a small assembly compiled with a deliberate breach, so a rule that
/// stops finding what it should fails too.
/// </summary>
internal static partial class Rules
{
    public const string PlatformNamespace = "Wasl.Web.Platform";
    public const string ModulesNamespace = "Wasl.Web.Modules";

    /// <summary>
    /// The types that are public, and why. Everything else is internal: the application is one assembly, and public is a
    /// promise to code outside it.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PublicTypes = new Dictionary<string, string>
    {
        ["Program"] = "the entry point; WebApplicationFactory<Program> hosts the application in the tests",
        ["Wasl.Web.Platform.Shell.AriaInvalidTagHelper"] = "Razor finds tag helpers among public types only",
        ["Wasl.Web.Platform.Data.DatabaseProvider"] = "named by the public test fixtures' constructors (xunit needs those public) and by the schema-script command",
    };

    /// <summary>Where a type lives: "Platform", "Modules.X", or null (the entry point, generated code outside both).</summary>
    public static string? Home(TypeDefinition type)
    {
        var ns = CodeGraph.NamespaceOf(type);
        if (ns == PlatformNamespace || ns.StartsWith(PlatformNamespace + ".", StringComparison.Ordinal)) return "Platform";
        if (ns.StartsWith(ModulesNamespace + ".", StringComparison.Ordinal)) return "Modules." + ns.Split('.')[3];
        // Compiled Razor views and pages are named after their path: Platform_Shell_Pages_Index, Modules_Requests_Pages_Detail.
        if (ns == "AspNetCoreGeneratedDocument")
        {
            var parts = type.Name.Split('_');
            if (parts[0] == "Platform") return "Platform";
            if (parts[0] == "Modules" && parts.Length > 1) return "Modules." + parts[1];
        }
        return null;
    }

    /// <summary>Platform uses no module's types, and names no module's subjects or texts.</summary>
    public static List<string> PlatformUsesNoModule(ModuleDefinition code, IReadOnlyCollection<string> moduleSubjects)
    {
        var offenders = new List<string>();
        foreach (var type in CodeGraph.TopLevelTypes(code).Where(t => Home(t) == "Platform"))
        {
            offenders.AddRange(CodeGraph.Uses(type)
                .Where(u => u.UsedNamespace.StartsWith(ModulesNamespace, StringComparison.Ordinal))
                .Select(u => $"{u.Where} uses {u.Used}"));
            offenders.AddRange(CodeGraph.Strings(type)
                .Where(s => moduleSubjects.Contains(s.Literal))
                .Select(s => $"{s.Where} names the module subject \"{s.Literal}\""));
        }
        return [.. offenders.Distinct()];
    }

    /// <summary>The subjects modules declare (a string constant named Subject, or ending in Subject, in a module's namespace).</summary>
    public static List<string> ModuleSubjects(ModuleDefinition code) =>
        [.. CodeGraph.TopLevelTypes(code)
            .Where(t => Home(t)?.StartsWith("Modules.", StringComparison.Ordinal) == true)
            .SelectMany(t => new[] { t }.Concat(t.NestedTypes))
            .SelectMany(t => t.Fields)
            .Where(f => f.HasConstant && f.Constant is string && f.Name.EndsWith("Subject", StringComparison.Ordinal))
            .Select(f => (string)f.Constant)
            .Distinct()];

    /// <summary>A module uses another module only through that module's Contracts namespace.</summary>
    public static List<string> ModulesMeetOnlyThroughContracts(ModuleDefinition code)
    {
        var offenders = new List<string>();
        foreach (var type in CodeGraph.TopLevelTypes(code))
        {
            if (Home(type) is not { } home || !home.StartsWith("Modules.", StringComparison.Ordinal)) continue;
            var own = ModulesNamespace + "." + home["Modules.".Length..];
            offenders.AddRange(CodeGraph.Uses(type)
                .Where(u => u.UsedNamespace.StartsWith(ModulesNamespace + ".", StringComparison.Ordinal))
                .Where(u => u.UsedNamespace != own && !u.UsedNamespace.StartsWith(own + ".", StringComparison.Ordinal))
                .Where(u => !IsContract(u.UsedNamespace))
                .Select(u => $"{u.Where} uses {u.Used}, which is not in a Contracts namespace"));
        }
        return [.. offenders.Distinct()];
    }

    /// <summary>Domain types (a namespace segment "Domain") use neither EF Core nor ASP.NET Core.</summary>
    public static List<string> DomainIsPlain(ModuleDefinition code) =>
        [.. CodeGraph.TopLevelTypes(code)
            .Where(t => CodeGraph.NamespaceOf(t).Split('.').Contains("Domain"))
            .SelectMany(CodeGraph.Uses)
            .Where(u => u.UsedNamespace.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || u.UsedNamespace.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
            .Select(u => $"{u.Where} uses {u.Used}")
            .Distinct()];

    /// <summary>Public types outside <see cref="PublicTypes"/>.</summary>
    public static List<string> UnlistedPublicTypes(ModuleDefinition code) =>
        [.. code.Types.Where(t => t.IsPublic).SelectMany(t => new[] { t }.Concat(t.NestedTypes.Where(n => n.IsNestedPublic)))
            .Select(t => t.FullName.Replace('/', '+'))
            .Where(name => !PublicTypes.ContainsKey(name))];

    /// <summary>Source files under Platform that name a module (a using directive is not in the IL: this catches it).</summary>
    public static List<string> PlatformSourcesNamingAModule(string webRoot) =>
        [.. Sources(webRoot, "Platform").Where(f => File.ReadAllText(f).Contains(ModulesNamespace, StringComparison.Ordinal))];

    /// <summary>Source files of one module that name another module outside its Contracts (using directives included).</summary>
    public static List<string> ModuleSourcesNamingAnotherModule(string webRoot)
    {
        var modulesFolder = Path.Combine(webRoot, "Modules");
        var modules = Directory.Exists(modulesFolder) ? Directory.GetDirectories(modulesFolder).Select(Path.GetFileName).ToList() : [];
        var offenders = new List<string>();
        foreach (var module in modules)
            foreach (var file in Sources(webRoot, $"Modules/{module}"))
                foreach (Match m in ModuleReference().Matches(File.ReadAllText(file)))
                    if (m.Groups[1].Value != module && m.Groups[2].Value != "Contracts")
                        offenders.Add($"{file}: {m.Value}");
        return offenders;
    }

    private static bool IsContract(string ns) => ns.Split('.').Length > 4 && ns.Split('.')[4] == "Contracts";

    private static IEnumerable<string> Sources(string webRoot, string folder) =>
        Directory.Exists(Path.Combine(webRoot, folder))
            ? Directory.EnumerateFiles(Path.Combine(webRoot, folder), "*.cs*", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            : [];

    // Wasl.Web.Modules.Requests alone (a using of the module's root) as well as Wasl.Web.Modules.Requests.Domain.
    [GeneratedRegex(@"Wasl\.Web\.Modules\.([A-Za-z]+)(?:\.([A-Za-z]+))?")]
    private static partial Regex ModuleReference();
}
