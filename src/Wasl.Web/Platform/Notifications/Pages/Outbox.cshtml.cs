using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Platform.Notifications.Pages;

/// <summary>
/// The outbox for national administrators (administrators at a root unit): the dead letters, newest first and paged
/// by key, with who they were for masked; how many messages wait and how long the oldest has waited; and "send
/// again" for a dead one once its cause is fixed. Anyone else gets 404: the page does not exist for them.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class OutboxModel(WaslDbContext db, OrgAccess org, TimeProvider clock, IStringLocalizer<SharedResource> t, ILogger<OutboxModel> log) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<DeadLetterRow> Dead { get; private set; } = [];
    public long? NextBefore { get; private set; }
    public int PendingCount { get; private set; }

    /// <summary>How long the oldest pending message has been waiting, or null when none waits.</summary>
    public TimeSpan? OldestPendingAge { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await IsNationalAdministratorAsync(ct)) return NotFound();
        var messages = db.Set<OutboxMessage>().AsNoTracking();
        // Both read the (Status, Id) index: the backlog is counted and its oldest found without touching sent mail.
        PendingCount = await messages.CountAsync(m => m.Status == OutboxStatus.Pending, ct);
        var oldest = await messages.Where(m => m.Status == OutboxStatus.Pending).OrderBy(m => m.Id)
            .Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        if (oldest is { } created) OldestPendingAge = Max(clock.GetUtcNow() - created, TimeSpan.Zero);

        var dead = messages.Where(m => m.Status == OutboxStatus.Dead);
        if (Before is { } before) dead = dead.Where(m => m.Id < before);
        var rows = await dead.OrderByDescending(m => m.Id).Take(PageSize + 1)
            .Select(m => new { m.Id, m.Channel, m.Recipient, m.Template, m.Attempts, m.LastError, m.CreatedAt })
            .ToListAsync(ct);
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            NextBefore = rows[^1].Id;
        }
        // The address never reaches the page, not even inside the error a mail server sent back.
        Dead = [.. rows.Select(m => new DeadLetterRow(m.Id, m.Channel, Mask(m.Channel, m.Recipient), m.Template, m.Attempts,
            Scrub(m.LastError, m.Recipient, Mask(m.Channel, m.Recipient)), m.CreatedAt))];
        return Page();
    }

    /// <summary>Queues a dead message again from scratch: pending, no attempts, due now, no lease; the last error stays until it is sent.</summary>
    public async Task<IActionResult> OnPostSendAgainAsync(long id, CancellationToken ct)
    {
        if (!await IsNationalAdministratorAsync(ct)) return NotFound();
        var now = clock.GetUtcNow();
        var queued = await db.Set<OutboxMessage>().Where(m => m.Id == id && m.Status == OutboxStatus.Dead)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), ct);
        if (queued == 0)
        {
            TempData["Notice"] = t["Outbox.NotDead"].Value;
        }
        else
        {
            log.LogInformation("Outbox message {MessageId} queued again by administrator {UserId}", id, org.UserId);
            TempData["Notice"] = t["Outbox.SentAgain"].Value;
        }
        return RedirectToPage(new { before = Before });
    }

    private Task<bool> IsNationalAdministratorAsync(CancellationToken ct) => org.HoldsAtRootAsync(OrgRight.Manage, ct);

    /// <summary>E-mail: first letter, "***", "@domain". Mobile: "***" and the last four digits. Anything else: "***".</summary>
    public static string Mask(NotificationChannel channel, string recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        if (channel == NotificationChannel.Email)
        {
            var at = recipient.LastIndexOf('@');
            return at > 0 ? recipient[..1] + "***" + recipient[at..] : "***";
        }
        var digits = new string([.. recipient.Where(char.IsAsciiDigit)]);
        return digits.Length > 4 ? "***" + digits[^4..] : "***";
    }

    /// <summary>The error with the recipient (as written, and a number's bare digits) replaced by its mask.</summary>
    private static string? Scrub(string? error, string recipient, string masked)
    {
        if (string.IsNullOrEmpty(error) || recipient.Length == 0) return error;
        error = error.Replace(recipient, masked, StringComparison.OrdinalIgnoreCase);
        var digits = new string([.. recipient.Where(char.IsAsciiDigit)]);
        return digits.Length > 4 ? error.Replace(digits, masked, StringComparison.Ordinal) : error;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

internal sealed record DeadLetterRow(long Id, NotificationChannel Channel, string Recipient, string Template, int Attempts, string? LastError, DateTimeOffset CreatedAt);
