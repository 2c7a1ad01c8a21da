using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Notifications;

/// <summary>
/// The signed-in person's unread notices, for the badge in the page header: one count on the partial unread index,
/// capped (nobody needs to know it is 4,312 rather than "99+"), at most once per request, and never for anonymous
/// visitors.
/// </summary>
internal sealed class UnreadNotices(WaslDbContext db, IHttpContextAccessor http, ILogger<UnreadNotices> log)
{
    /// <summary>Counting stops here; the badge shows "99+".</summary>
    public const int Cap = 100;

    private int? _count;
    private bool _counted;

    /// <summary>The signed-in person's account id, or null for an anonymous visitor.</summary>
    public static Guid? UserId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Unread notices up to <see cref="Cap"/>, or null when nobody is signed in (or the count could not be read).</summary>
    public async Task<int?> CountAsync(CancellationToken ct)
    {
        if (_counted) return _count;
        _counted = true;
        if (http.HttpContext?.User is not { } user || UserId(user) is not { } me) return null;
        try
        {
            _count = await db.Set<UserNotification>().AsNoTracking().Where(n => n.UserId == me && n.ReadAt == null).Take(Cap).CountAsync(ct);
        }
        catch (DbException e)
        {
            // A badge is not worth an error page: the page is shown without it.
            log.LogWarning(e, "Could not count unread notices");
        }
        return _count;
    }

    /// <summary>The badge text: the count, or "99+" from <see cref="Cap"/> on.</summary>
    public static string Display(int count) => count >= Cap ? "99+" : count.ToString(CultureInfo.InvariantCulture);
}
