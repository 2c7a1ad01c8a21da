using System.Security.Claims;

namespace Wasl.Web.Platform;

/// <summary>
/// An entry on the staff home: each module registers what it offers, and the home lists the entries the person may use.
/// The title and summary are resource keys.
/// </summary>
internal sealed record ModuleEntry(string Key, string TitleKey, string SummaryKey, string Href, Func<IServiceProvider, ClaimsPrincipal, CancellationToken, Task<bool>> IsAvailable);

/// <summary>A service on the public portal's home page, offered by a module; title and text are resource keys.</summary>
internal sealed record PortalEntry(string Key, string TitleKey, string TextKey, string Href, bool Urgent = false);

/// <summary>
/// What a module owns beside its code, embedded in the assembly under its own namespaces, which Platform collects:
/// {DataNamespace}.Migrations.{Provider}.NNNN_name.sql (applied with every other module's, ordered by number),
/// {DataNamespace}.Extras.{Provider}.*.sql (objects outside the EF model, e.g. full-text indexes) and
/// {ResourcesNamespace}.{lang}.json (its texts). Each module registers one (AddRequests); demo data goes through
/// <see cref="Demo.IDemoDataContributor"/>.
/// </summary>
internal sealed record ModuleParts(string Name, System.Reflection.Assembly Assembly, string DataNamespace, string ResourcesNamespace)
{
    /// <summary>Platform's own parts: Platform/Data/{Migrations,Extras} and Platform/Localization/Resources.</summary>
    public static ModuleParts Platform { get; } = new("Platform", typeof(ModuleParts).Assembly, "Wasl.Web.Platform.Data", "Wasl.Web.Platform.Localization.Resources");
}
