using System.Reflection;
using System.Text.RegularExpressions;

namespace Wasl.ArchitectureTests;

/// <summary>The shape of the code is checked, not hoped for (see ../../shared/STYLE.md).</summary>
public sealed partial class BoundaryTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Wasl.Web"));
    private static readonly Assembly Web = typeof(Wasl.Web.Platform.PlatformModule).Assembly;
    private static readonly Lazy<Mono.Cecil.ModuleDefinition> Compiled = new(() => CodeGraph.Load(Web.Location));

    [Fact]
    public void Platform_never_uses_a_module()
    {
        // The compiled code (method bodies, views, lambdas included) and the sources (a using directive leaves no IL).
        Assert.Empty(Rules.PlatformUsesNoModule(Compiled.Value, Rules.ModuleSubjects(Compiled.Value)));
        Assert.Empty(Rules.PlatformSourcesNamingAModule(Root));
    }

    [Fact]
    public void Modules_declare_their_subjects_for_the_platform_check()
    {
        // Without them the subject-string half of the Platform rule would check nothing.
        Assert.Contains("Request", Rules.ModuleSubjects(Compiled.Value));
    }

    [Fact]
    public void A_module_uses_another_module_only_through_its_contracts()
    {
        Assert.Empty(Rules.ModulesMeetOnlyThroughContracts(Compiled.Value));
        Assert.Empty(Rules.ModuleSourcesNamingAnotherModule(Root));
    }

    [Fact]
    public void Domain_types_use_neither_ef_core_nor_asp_net_core()
    {
        var domainTypes = CodeGraph.TopLevelTypes(Compiled.Value).Where(t => CodeGraph.NamespaceOf(t).Split('.').Contains("Domain")).ToList();
        Assert.NotEmpty(domainTypes);
        Assert.Empty(Rules.DomainIsPlain(Compiled.Value));
    }

    [Fact]
    public void Public_types_are_an_explicit_short_list()
    {
        Assert.Empty(Rules.UnlistedPublicTypes(Compiled.Value));
        // And the list holds no stale entry.
        Assert.Equal(Rules.PublicTypes.Keys.Order(), Web.GetExportedTypes().Select(t => t.FullName!).Order());
    }

    [Fact]
    public void Views_are_seen_by_the_rules()
    {
        // The rules place compiled views by their generated names; if the naming changed, views would escape every rule.
        var homes = CodeGraph.TopLevelTypes(Compiled.Value).Where(t => t.Namespace == "AspNetCoreGeneratedDocument").Select(Rules.Home).ToList();
        Assert.Contains("Platform", homes);
        Assert.Contains("Modules.Requests", homes);
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

    private static string StripComments(string s) => RazorComment().Replace(s, "");

    [GeneratedRegex(@"[\u0600-\u06FF]{2,}")]
    private static partial Regex ArabicRun();

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [GeneratedRegex(@"(?<![-\w])(margin|padding|border)-(left|right)\b|(?<![-\w])(left|right)\s*:|text-align\s*:\s*(left|right)|float\s*:\s*(left|right)")]
    private static partial Regex PhysicalProperty();
}
