using System.Security.Claims;

namespace Wasl.Web.Platform;

/// <summary>
/// An entry on the staff home: each module registers what it offers, and the home lists the entries the person may use.
/// The title and summary are resource keys.
/// </summary>
public sealed record ModuleEntry(string Key, string TitleKey, string SummaryKey, string Href, Func<IServiceProvider, ClaimsPrincipal, CancellationToken, Task<bool>> IsAvailable);
