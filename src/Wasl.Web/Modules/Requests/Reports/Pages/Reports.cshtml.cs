using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Periods;

namespace Wasl.Web.Modules.Requests.Reports.Pages;

/// <summary>
/// Seed 004 §3.1, "requests by period and type": the requests of a period (Gregorian or Umm al-Qura) in one's units,
/// grouped by unit, paged by key, with a printable view and exports of every row.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class ReportsModel(ReportSource source, OrgAccess org, WaslDbContext db, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 100;

    public ReportFilter Filter { get; private set; } = new();

    /// <summary>The key (unit-id) of the last row of the previous page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public ReportRun? Run { get; private set; }
    public IReadOnlyList<ReportRow> Rows { get; private set; } = [];
    public UnitDirectory Directory { get; private set; } = new([]);
    public string? NextAfter { get; private set; }

    /// <summary>The serial number of the first row of this page, carried in the next-page link.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Start { get; set; }

    public IReadOnlyList<(int Id, string Name, int Depth)> Units { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, bool IsSub)> Categories { get; private set; } = [];
    public PeriodChoices Period { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await org.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        Filter = ReportFilter.FromQuery(Request.Query);
        await LoadChoicesAsync(ct);
        Run = await source.OpenAsync(Filter, ct);
        if (!Run.IsValid)
        {
            foreach (var key in Run.Errors) ModelState.AddModelError(FieldOf(key), t[key]);
            return Page();
        }
        var rows = await source.Rows(Run.Requests, ParseKey(After)).Take(PageSize + 1).ToListAsync(ct);
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            NextAfter = string.Create(CultureInfo.InvariantCulture, $"{rows[^1].UnitId}-{rows[^1].Id}");
        }
        Rows = rows;
        Directory = await source.DirectoryAsync([.. rows.Select(r => r.UnitId).Distinct()], ct);
        return Page();
    }

    public static (int UnitId, long Id)? ParseKey(string? key)
    {
        var parts = key?.Split('-');
        return parts is [var u, var i]
            && int.TryParse(u, NumberStyles.None, CultureInfo.InvariantCulture, out var unitId)
            && long.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? (unitId, id) : null;
    }

    /// <summary>The form field a message belongs to (the error summary links to it).</summary>
    private static string FieldOf(string key) => key switch
    {
        "Periods.Error.Month" => "month",
        "Periods.Error.HijriMonth" => "hmonth",
        "Periods.Error.Year" => "year",
        "Periods.Error.HijriYear" => "hyear",
        "Periods.Error.SolarMonth" => "smonth",
        "Periods.Error.SolarYear" => "syear",
        "Reports.Error.Unit" => "unitId",
        "Reports.Error.Type" => "type",
        "Reports.Error.Category" => "categoryId",
        "Reports.Error.Status" => "status",
        "Reports.Error.State" or "Reports.Error.Flag" or "Reports.Error.Score" => "",
        _ => "from",
    };

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var units = await org.VisibleUnitsAsync(OrgRight.View, ct);
        Units = await RequestLists.UnitChoicesAsync(units, ct);
        var categories = await db.Set<Category>().AsNoTracking().Where(c => c.IsActive)
            .OrderBy(c => c.ParentId ?? c.Id).ThenBy(c => c.ParentId != null).ThenBy(c => c.Name)
            .Select(c => new { c.Id, c.Name, c.ParentId }).Take(500).ToListAsync(ct);
        Categories = [.. categories.Select(c => (c.Id, c.Name, c.ParentId != null))];
        Period = PeriodChoices.For(Filter.Period, source.Today, t);
    }
}
