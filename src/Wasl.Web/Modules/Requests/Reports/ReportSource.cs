using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests.Reports;

/// <summary>One line of a report (seed 004 §3.1): what the page, the print view and the exports show.</summary>
internal sealed record ReportRow(long Id, string Number, string RequesterName, string Subject, DateTimeOffset CreatedAt, RequestType Type, string? CategoryName, int UnitId, string UnitName, RequesterRole RequesterRole, RequestStatus Status);

/// <summary>A filter checked and turned into a query, or the message keys of what is wrong with it.</summary>
internal sealed record ReportRun(IReadOnlyList<string> Errors, IQueryable<Request> Requests, DateOnly From, DateOnly To, string? UnitName)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The requests a report selects, always within what the staff member may see, in one stable order (unit, then id)
/// that the page pages by key and the exports stream in.
/// </summary>
internal sealed class ReportSource(WaslDbContext db, RequestAccess access, OrgAccess org, DateDisplay dates, TimeProvider clock)
{
    /// <summary>Today in the deployment's time zone: the end of the default period.</summary>
    public DateOnly Today => DateOnly.FromDateTime(dates.ToLocal(clock.GetUtcNow()));

    public async Task<ReportRun> OpenAsync(ReportFilter filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var today = Today;
        var errors = filter.Validate(today);
        var visible = await access.VisibleToStaffAsync(ct);
        if (errors.Count > 0 || !filter.TryResolvePeriod(today, out var from, out var to, out _))
            return new ReportRun(errors, visible.Where(r => false), default, default, null);
        var units = await org.VisibleUnitsAsync(OrgRight.View, ct);
        var query = await filter.ApplyAsync(visible, db, units, dates.Zone, today, ct);
        string? unitName = null;
        if (filter.UnitIdValue is { } unitId)
            unitName = await units.Where(u => u.Id == unitId).Select(u => u.Name).SingleOrDefaultAsync(ct);
        return new ReportRun([], query, from, to, unitName);
    }

    /// <summary>The rows in report order, starting after the key (unit, id) when one is given.</summary>
    public IQueryable<ReportRow> Rows(IQueryable<Request> requests, (int UnitId, long Id)? after = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (after is var (afterUnit, afterId))
            requests = requests.Where(r => r.UnitId > afterUnit || (r.UnitId == afterUnit && r.Id > afterId));
        return from r in requests
               join u in db.Units on r.UnitId equals u.Id
               join c in db.Set<Category>() on r.CategoryId equals c.Id into categories
               from c in categories.DefaultIfEmpty()
               orderby r.UnitId, r.Id
               select new ReportRow(r.Id, r.Number, r.RequesterName, r.Subject, r.CreatedAt, r.Type, c == null ? null : c.Name, r.UnitId, u.Name, r.RequesterRole, r.Status);
    }

    /// <summary>Names of the given units and their ancestors (null: every unit), to name each row's entity.</summary>
    public async Task<UnitDirectory> DirectoryAsync(IReadOnlyCollection<int>? unitIds, CancellationToken ct)
    {
        var units = db.Units.AsNoTracking();
        if (unitIds is not null)
        {
            var paths = await units.Where(u => unitIds.Contains(u.Id)).Select(u => u.Path).ToListAsync(ct);
            var ids = paths.SelectMany(UnitDirectory.IdsOf).Distinct().ToList();
            units = units.Where(u => ids.Contains(u.Id));
        }
        var list = await units.Select(u => new UnitDirectory.Entry(u.Id, u.ParentId, u.Name, u.Kind!.Level)).ToListAsync(ct);
        return new UnitDirectory(list);
    }
}

/// <summary>
/// Unit names and the tree above them. The entity (الجهة) of a row is the directorate above its unit (the level of
/// the kinds "directorate" in the basic data), or the unit's parent where no directorate is above it.
/// </summary>
internal sealed class UnitDirectory
{
    /// <summary>The level of directorates in the unit kinds (0 ministry, 1 sector, 2 directorate).</summary>
    public const int DirectorateLevel = 2;

    private readonly Dictionary<int, Entry> _units;

    public sealed record Entry(int Id, int? ParentId, string Name, int Level);

    public UnitDirectory(IEnumerable<Entry> units) => _units = units.ToDictionary(u => u.Id);

    public string? Name(int unitId) => _units.TryGetValue(unitId, out var u) ? u.Name : null;

    public string? EntityName(int unitId)
    {
        if (!_units.TryGetValue(unitId, out var unit) || unit.ParentId is not { } parentId) return null;
        for (var id = (int?)parentId; id is { } current && _units.TryGetValue(current, out var ancestor); id = ancestor.ParentId)
            if (ancestor.Level == DirectorateLevel) return ancestor.Name;
        return Name(parentId);
    }

    public static IEnumerable<int> IdsOf(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0);
}
