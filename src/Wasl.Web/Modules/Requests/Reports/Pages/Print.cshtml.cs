using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests.Reports.Pages;

/// <summary>
/// The report on A4, right to left: a header (unit, period, when, by whom) and the table, whose header row repeats on
/// every page. A printout is for reading: it stops at <see cref="MaxRows"/> and says so; the exports hold every row.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class PrintModel(ReportSource source, OrgAccess org, TimeProvider clock, AuditLog audit) : PageModel
{
    public const int MaxRows = 5000;

    public ReportFilter Filter { get; private set; } = new();
    public ReportRun? Run { get; private set; }
    public IReadOnlyList<ReportRow> Rows { get; private set; } = [];
    public UnitDirectory Directory { get; private set; } = new([]);
    public bool Capped { get; private set; }
    public DateTimeOffset GeneratedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await org.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        Filter = ReportFilter.FromQuery(Request.Query);
        Run = await source.OpenAsync(Filter, ct);
        // The page explains what is wrong with a filter; the printout has no form to correct it on.
        if (!Run.IsValid) return Redirect("/staff/reports?" + Filter.ToQueryString());
        var rows = await source.Rows(Run.Requests).Take(MaxRows + 1).ToListAsync(ct);
        Capped = rows.Count > MaxRows;
        if (Capped) rows.RemoveAt(MaxRows);
        Rows = rows;
        Directory = await source.DirectoryAsync([.. rows.Select(r => r.UnitId).Distinct()], ct);
        GeneratedAt = clock.GetUtcNow();
        await audit.WriteAsync(new AuditRecord(AuditActions.Print, "Report", null, null, new { rows = Rows.Count, query = Filter.ToQueryString() }), ct);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
