using System.Security.Claims;

namespace Wasl.Web.Platform;

/// <summary>
/// An entry on the staff home: each module registers what it offers, and the home lists the entries the person may use.
/// The title and summary are resource keys.
/// </summary>
internal sealed record ModuleEntry(string Key, string TitleKey, string SummaryKey, string Href, Func<IServiceProvider, ClaimsPrincipal, CancellationToken, Task<bool>> IsAvailable);

/// <summary>A service on the public portal's home page, offered by a module; title and text are resource keys.</summary>
internal sealed record PortalEntry(string Key, string TitleKey, string TextKey, string Href, bool Urgent = false);
