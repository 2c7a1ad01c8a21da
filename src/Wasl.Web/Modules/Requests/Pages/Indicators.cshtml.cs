using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Modules.Requests.Indicators;
using Wasl.Web.Modules.Requests.Reports;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;
using Wasl.Web.Platform.Periods;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>
/// Indicators (seed 004 §2, مؤشرات): the requests received in a period by the units one may see, their status now,
/// answers within the deadline, times in working hours, escalations, objections, satisfaction, top categories and a
/// map. Every figure comes from the rows kept ready (<see cref="IndicatorQuery"/>) and links to the report listing
/// the requests behind it.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class IndicatorsModel(OrgAccess org, ReportSource source, DateDisplay dates, WaslDbContext db, IndicatorQuery indicators, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int MapPoints = 500;
    public const int TopCount = 10;

    public ReportFilter Filter { get; private set; } = new();
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public string? UnitName { get; private set; }
    public IndicatorFigures Totals { get; private set; } = new(new long[StatColumns.Count]);
    public IReadOnlyList<(RequestType Type, IndicatorFigures Figures)> ByType { get; private set; } = [];
    public IReadOnlyList<(int CategoryId, string Name, IndicatorFigures Figures)> TopCategories { get; private set; } = [];

    /// <summary>Received and finished per day (a period up to two months) or per month.</summary>
    public IReadOnlyList<TrendPoint> Trend { get; private set; } = [];
    public bool TrendByMonth { get; private set; }
    public IReadOnlyList<MapPoint> Points { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name, int Depth)> Units { get; private set; } = [];
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public PeriodChoices Period { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await org.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        // Only what the indicators answer: period, unit, type, category (the drill-down adds the rest).
        var asked = ReportFilter.FromQuery(Request.Query);
        Filter = new ReportFilter { Period = asked.Period, UnitId = asked.UnitId, Type = asked.Type, CategoryId = asked.CategoryId };
        var today = source.Today;
        var visibleUnits = await org.VisibleUnitsAsync(OrgRight.View, ct);
        Units = await RequestLists.UnitChoicesAsync(visibleUnits, ct);
        Categories = await RequestLists.CategoriesAsync(db, ct);
        Period = PeriodChoices.For(Filter.Period, today, t);
        Errors = Filter.Validate(today);
        if (Errors.Count > 0 || !Filter.TryResolvePeriod(today, out var from, out var to, out _)) return Page();
        (From, To) = (from, to);

        IReadOnlyList<int> unitIds;
        if (Filter.UnitIdValue is { } unitId)
        {
            // A unit outside one's subtrees counts nothing: the filter never widens what one sees.
            var unit = await visibleUnits.Where(u => u.Id == unitId).Select(u => new { u.Id, u.Name }).SingleOrDefaultAsync(ct);
            unitIds = unit is null ? [] : [unit.Id];
            UnitName = unit?.Name;
        }
        else
        {
            unitIds = [.. (await org.ScopesAsync(OrgRight.View, ct)).Select(p => int.Parse(p.TrimEnd('/')[(p.TrimEnd('/').LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture))];
        }
        IReadOnlyList<int>? categoryIds = null;
        if (Filter.NoCategory)
            categoryIds = [0];
        else if (Filter.CategoryIdValue is { } categoryId)
            categoryIds = [categoryId, .. Categories.Where(c => c.ParentId == categoryId).Select(c => c.Id)];
        var scope = new IndicatorScope(unitIds, from, to, Filter.TypeValue, categoryIds);

        Totals = await indicators.TotalsAsync(scope, ct);
        ByType = await indicators.ByTypeAsync(scope, ct);
        var names = Categories.ToDictionary(c => c.Id, c => c.Name);
        TopCategories = [.. (await indicators.TopCategoriesAsync(scope, TopCount, ct)).Select(c => (c.CategoryId, names.GetValueOrDefault(c.CategoryId, ""), c.Figures))];
        var days = await indicators.ByDayAsync(scope, ct);
        TrendByMonth = to.DayNumber - from.DayNumber > 62;
        Trend = TrendByMonth
            ? [.. days.GroupBy(d => new DateOnly(d.Day.Year, d.Day.Month, 1)).Select(g => new TrendPoint(Max(g.Key, from), Min(g.Key.AddMonths(1).AddDays(-1), to), g.Sum(d => d.Figures.Received), g.Sum(d => d.Figures.Resolved + d.Figures.Closed)))]
            : [.. days.Select(d => new TrendPoint(d.Day, d.Day, d.Figures.Received, d.Figures.Resolved + d.Figures.Closed))];

        if (Totals.Located > 0)
        {
            var located = new ReportFilter { From = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), UnitId = Filter.UnitId, Type = Filter.Type, CategoryId = Filter.CategoryId, Flag = "located" };
            Points = await (await source.OpenAsync(located, ct)).Requests.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(MapPoints)
                .Select(r => new MapPoint(r.Number, r.Subject, r.Type, r.Latitude!.Value, r.Longitude!.Value)).ToListAsync(ct);
        }
        return Page();
    }

    /// <summary>Noon of a day in the deployment's time zone: an instant to show a day in the reader's calendar.</summary>
    public DateTimeOffset Noon(DateOnly day) => ReportFilter.ToUtcRange(day, day, dates.Zone).Start.AddHours(12);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>The report of the requests behind a figure: this page's filter, the period made explicit, plus the figure's own condition.</summary>
    public string Link(string? key = null, string? value = null, DateOnly? from = null, DateOnly? to = null)
    {
        var f = new ReportFilter
        {
            From = (from ?? From).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = (to ?? To).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            UnitId = Filter.UnitId,
            Type = key == "type" ? value : Filter.Type,
            CategoryId = key == "categoryId" ? value : Filter.CategoryId,
            Status = key == "status" ? value : null,
            State = key == "state" ? value : null,
            Flag = key == "flag" ? value : null,
            Score = key == "score" ? value : null,
        };
        return "/staff/reports?" + f.ToQueryString();
    }

    /// <summary>Working minutes as hours, one decimal, in the page's culture.</summary>
    public static string Hours(double minutes) => (minutes / 60).ToString("0.#", CultureInfo.CurrentCulture);

    public static string Percent(double share) => share.ToString("0.#%", CultureInfo.CurrentCulture);

    /// <summary>The points as data for the map script: [latitude, longitude, number, link].</summary>
    public string PointsJson() => System.Text.Json.JsonSerializer.Serialize(Points.Select(p => new object[] { p.Latitude, p.Longitude, p.Number, "/staff/requests/" + p.Number }));
}

internal sealed record TrendPoint(DateOnly From, DateOnly To, long Received, long Finished);

internal sealed record MapPoint(string Number, string Subject, RequestType Type, double Latitude, double Longitude);

/// <summary>One bar of a chart: its label, value, the share of the largest bar, and the report behind it.</summary>
internal sealed record BarRow(string Label, long Value, string Href);

/// <summary>A bar chart and the data table that says the same for every reader.</summary>
internal sealed record BarChart(string Id, string Caption, string LabelHeader, string ValueHeader, IReadOnlyList<BarRow> Rows)
{
    public long Max => Rows.Count == 0 ? 0 : Math.Max(1, Rows.Max(r => r.Value));
}
