using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Notifications.Pages;

/// <summary>
/// A person's own notices (staff and beneficiaries alike), newest first, paged by key. Every query is bound to the
/// signed-in account: a notice of someone else's is answered exactly like one that does not exist.
/// </summary>
[Authorize]
internal sealed class NotificationCentreModel(WaslDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 30;

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<NoticeRow> Notices { get; private set; } = [];
    public long? NextBefore { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (UnreadNotices.UserId(User) is not { } me) return Challenge();
        var query = db.Set<UserNotification>().AsNoTracking().Where(n => n.UserId == me);
        if (Before is { } before) query = query.Where(n => n.Id < before);
        var rows = await query.OrderByDescending(n => n.Id).Take(PageSize + 1)
            .Select(n => new NoticeRow(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt == null))
            .ToListAsync(ct);
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            NextBefore = rows[^1].Id;
        }
        Notices = rows;
        return Page();
    }

    public async Task<IActionResult> OnPostMarkReadAsync(long id, CancellationToken ct)
    {
        if (UnreadNotices.UserId(User) is not { } me) return Challenge();
        if (!await MarkReadAsync(me, id, ct)) return NotFound();
        return RedirectToPage(new { before = Before });
    }

    public async Task<IActionResult> OnPostMarkAllReadAsync(CancellationToken ct)
    {
        if (UnreadNotices.UserId(User) is not { } me) return Challenge();
        var now = clock.GetUtcNow();
        await db.Set<UserNotification>().Where(n => n.UserId == me && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        TempData["Notice"] = t["Notifications.AllMarked"].Value;
        return RedirectToPage();
    }

    /// <summary>Follows a notice's link and marks it read. Only a site-relative link is followed; anything else comes back here.</summary>
    public async Task<IActionResult> OnPostOpenAsync(long id, CancellationToken ct)
    {
        if (UnreadNotices.UserId(User) is not { } me) return Challenge();
        var found = await db.Set<UserNotification>().AsNoTracking().Where(n => n.Id == id && n.UserId == me)
            .Select(n => new { n.Link }).SingleOrDefaultAsync(ct);
        if (found is null) return NotFound();
        await MarkReadAsync(me, id, ct);
        return IsSiteRelative(found.Link) ? LocalRedirect(found.Link!) : RedirectToPage(new { before = Before });
    }

    /// <summary>Marks one of the person's own notices read; false when the person has no such notice.</summary>
    private async Task<bool> MarkReadAsync(Guid me, long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var changed = await db.Set<UserNotification>().Where(n => n.Id == id && n.UserId == me && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return changed > 0 || await db.Set<UserNotification>().AnyAsync(n => n.Id == id && n.UserId == me, ct);
    }

    /// <summary>
    /// Only a link within this site ("/…", never "//host…" or "/\host…", no spaces or control characters) is rendered or
    /// followed: a notice is never a way to send someone elsewhere.
    /// </summary>
    public static bool IsSiteRelative(string? link) =>
        link is { Length: > 0 } && link[0] == '/' && (link.Length == 1 || (link[1] != '/' && link[1] != '\\'))
        && !link.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));
}

internal sealed record NoticeRow(long Id, string Title, string Body, string? Link, DateTimeOffset CreatedAt, bool Unread);
