using System.Reflection;
using System.Text.RegularExpressions;

namespace Wasl.ArchitectureTests;

/// <summary>The shape of the code is checked, not hoped for (see ../../shared/STYLE.md).</summary>
public sealed partial class BoundaryTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Wasl.Web"));
    private static readonly Assembly Web = typeof(Wasl.Web.Platform.PlatformModule).Assembly;

    private static IEnumerable<string> Sources(string folder) =>
        Directory.Exists(Path.Combine(Root, folder))
            ? Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs*", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal))
            : [];

    [Fact]
    public void Platform_never_depends_on_a_module()
    {
        var offenders = Sources("Platform").Where(f => File.ReadAllText(f).Contains("Wasl.Web.Modules", StringComparison.Ordinal)).ToList();
        Assert.Empty(offenders);
        var types = Web.GetTypes().Where(t => t.Namespace?.StartsWith("Wasl.Web.Platform", StringComparison.Ordinal) == true);
        var leaking = types.SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Select(f => f.FieldType)
                .Concat(t.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)))
            .Where(dep => dep.Namespace?.StartsWith("Wasl.Web.Modules", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Empty(leaking);
    }

    [Fact]
    public void A_module_uses_another_module_only_through_its_contracts()
    {
        var modules = Directory.Exists(Path.Combine(Root, "Modules")) ? Directory.GetDirectories(Path.Combine(Root, "Modules")).Select(Path.GetFileName).ToList() : [];
        var offenders = new List<string>();
        foreach (var module in modules)
            foreach (var file in Sources($"Modules/{module}"))
                foreach (Match m in ModuleReference().Matches(File.ReadAllText(file)))
                    if (m.Groups[1].Value != module && m.Groups[2].Value != "Contracts")
                        offenders.Add($"{file}: {m.Value}");
        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_page_and_endpoint_declares_who_may_use_it()
    {
        var pageModels = Web.GetTypes().Where(t => t.IsSubclassOf(typeof(Microsoft.AspNetCore.Mvc.RazorPages.PageModel)));
        var undeclared = pageModels
            .Where(t => t.GetCustomAttributes<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>().Any() == t.GetCustomAttributes<Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute>().Any())
            .Where(t => t.Name is not "SignOutModel" and not "PreferencesModel" and not "ErrorModel")
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(undeclared);
    }

    [Fact]
    public void No_arabic_text_is_hard_coded_in_views()
    {
        // Views get their text from resources; a run of Arabic letters in markup means a string was hard-coded.
        var offenders = Directory.EnumerateFiles(Root, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => ArabicRun().IsMatch(StripComments(File.ReadAllText(f))))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Css_uses_logical_properties_only()
    {
        // Every stylesheet of ours (third-party ones are copied into wwwroot/lib at build time and are not checked).
        var sheets = Directory.EnumerateFiles(Path.Combine(Root, "wwwroot/css"), "*.css").ToList();
        Assert.Contains(sheets, f => f.EndsWith("wasl.css", StringComparison.Ordinal));
        foreach (var sheet in sheets)
            Assert.DoesNotMatch(PhysicalProperty(), File.ReadAllText(sheet));
    }

    [Fact]
    public void Types_are_not_public_without_a_reason()
    {
        // Public is for page models and entities that Razor and EF need, and for Contracts. Services stay internal.
        var publicServices = Web.GetExportedTypes()
            .Where(t => t.Name.EndsWith("Service", StringComparison.Ordinal) || t.Name.EndsWith("Repository", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(publicServices);
    }

    private static string StripComments(string s) => RazorComment().Replace(s, "");

    [GeneratedRegex(@"Wasl\.Web\.Modules\.([A-Za-z]+)\.([A-Za-z]+)")]
    private static partial Regex ModuleReference();

    [GeneratedRegex(@"[\u0600-\u06FF]{2,}")]
    private static partial Regex ArabicRun();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|text-align\s*:\s*(left|right)|float\s*:\s*(left|right)")]
    private static partial Regex PhysicalProperty();
}
