using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Platform.Audit.Pages;

/// <summary>
/// The audit trail for national administrators (administrators at a root unit; anyone else 403): filtered by who,
/// what, when, subject and from where, newest first, paged by key; each filter is served by an index ending with the
/// id. The CSV export takes the same filters and is itself audited.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class AuditTrailModel(WaslDbContext db, OrgAccess org, AuditLog audit, DateDisplay dates, ILookupNormalizer normalizer, IStringLocalizer<SharedResource> t)
    : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Who { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? What { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? SubjectId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Address { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public IReadOnlyList<AuditEntry> Rows { get; private set; } = [];
    public long? NextBefore { get; private set; }

    /// <summary>The action codes offered as suggestions (any code may be typed).</summary>
    public static readonly string[] KnownActions =
    [
        AuditActions.SignIn, AuditActions.SignInFailed, AuditActions.SignInLockedOut, AuditActions.SignInRefused, AuditActions.TwoFactorFailed,
        AuditActions.SignInPasswordAccepted, AuditActions.PersonalDataLookup, AuditActions.ConfidentialRead, AuditActions.Export,
        AuditActions.Print, AuditActions.AuditExport,
    ];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await org.HoldsAtRootAsync(OrgRight.Manage, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        if (await FilteredAsync(ct) is not { } query) return Page();
        if (Before is { } before) query = query.Where(e => e.Id < before);
        var rows = await query.OrderByDescending(e => e.Id).Take(PageSize + 1).ToListAsync(ct);
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            NextBefore = rows[^1].Id;
        }
        Rows = rows;
        return Page();
    }

    /// <summary>Every entry the filters select, newest first, as CSV (streamed); the export is recorded before the first byte.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (!await org.HoldsAtRootAsync(OrgRight.Manage, ct)) return StatusCode(StatusCodes.Status403Forbidden);
        if (await FilteredAsync(ct) is not { } query) return Page();
        await audit.WriteAsync(new AuditRecord(AuditActions.AuditExport, "AuditTrail", null, null, new { query = FilterQuery() }), ct);
        var name = string.Create(CultureInfo.InvariantCulture, $"wasl-audit-{dates.ToLocal(DateTimeOffset.UtcNow):yyyy-MM-dd-HHmm}.csv");
        Response.Headers.CacheControl = "no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        Response.ContentType = "text/csv; charset=utf-8";
        string[] columns = [t["Audit.At"], t["Audit.What"], t["Audit.Who"], t["Audit.ActorId"], t["Audit.Position"], t["Audit.OnBehalfOf"],
            t["Audit.Subject"], t["Audit.SubjectId"], t["Audit.Unit"], t["Audit.Address"], t["Audit.Details"], t["Audit.EntryId"]];
        await CsvExport.WriteAsync(Response.Body, columns, Lines(query.OrderByDescending(e => e.Id).AsAsyncEnumerable(), ct), ct);
        return new EmptyResult();
    }

    private async IAsyncEnumerable<string[]> Lines(IAsyncEnumerable<AuditEntry> rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var e in rows.WithCancellation(ct))
        {
            yield return
            [
                dates.ToLocal(e.At).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.Action, e.ActorName ?? "", e.ActorId?.ToString() ?? "",
                e.ActorPosition ?? "", e.OnBehalfOf ?? "", e.Subject ?? "", e.SubjectId ?? "", e.UnitId?.ToString(CultureInfo.InvariantCulture) ?? "",
                e.RemoteAddress ?? "", e.Details ?? "", e.Id.ToString(CultureInfo.InvariantCulture),
            ];
        }
    }

    /// <summary>The entries the filters select, or null (with a message on the field) when a filter cannot be read.</summary>
    private async Task<IQueryable<AuditEntry>?> FilteredAsync(CancellationToken ct)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Who))
        {
            var who = Who.Trim();
            var normalized = normalizer.NormalizeName(who);
            Guid? actor = Guid.TryParse(who, out var id) ? id
                : await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
            if (actor is null) ModelState.AddModelError(nameof(Who), t["Audit.UnknownAccount"]);
            else query = query.Where(e => e.ActorId == actor);
        }
        if (!string.IsNullOrWhiteSpace(What))
        {
            var what = What.Trim();
            query = query.Where(e => e.Action == what);
        }
        var from = Day(From, nameof(From));
        var to = Day(To, nameof(To));
        if (from is { } f && to is { } u && u < f) ModelState.AddModelError(nameof(To), t["Audit.ToBeforeFrom"]);
        if (from is { } start) query = query.Where(e => e.At >= start);
        if (to is { } end)
        {
            var next = end.AddDays(1);
            query = query.Where(e => e.At < next);
        }
        if (!string.IsNullOrWhiteSpace(Subject))
        {
            var subject = Subject.Trim();
            query = query.Where(e => e.Subject == subject);
            if (!string.IsNullOrWhiteSpace(SubjectId))
            {
                var subjectId = Digits.ToAscii(SubjectId.Trim());
                query = query.Where(e => e.SubjectId == subjectId);
            }
        }
        else if (!string.IsNullOrWhiteSpace(SubjectId)) ModelState.AddModelError(nameof(Subject), t["Audit.SubjectNeeded"]);
        if (!string.IsNullOrWhiteSpace(Address))
        {
            if (IPAddress.TryParse(Digits.ToAscii(Address.Trim()), out var ip))
            {
                var address = AuditEntries.Address(ip);
                query = query.Where(e => e.RemoteAddress == address);
            }
            else ModelState.AddModelError(nameof(Address), t["Audit.InvalidAddress"]);
        }
        return ModelState.IsValid ? query : null;
    }

    /// <summary>A day typed as yyyy-mm-dd (the date field), as the instant it starts in the deployment's time zone.</summary>
    private DateTimeOffset? Day(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!DateOnly.TryParseExact(Digits.ToAscii(value.Trim()), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            ModelState.AddModelError(field, t["Audit.InvalidDate"]);
            return null;
        }
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, dates.Zone), TimeSpan.Zero);
    }

    /// <summary>The filters as a query string (for the older-entries link and the export).</summary>
    public string FilterQuery() => string.Join('&', new (string Key, string? Value)[]
        {
            ("who", Who), ("what", What), ("from", From), ("to", To), ("subject", Subject), ("subjectId", SubjectId), ("address", Address),
        }
        .Where(p => !string.IsNullOrWhiteSpace(p.Value))
        .Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!.Trim())));
}
