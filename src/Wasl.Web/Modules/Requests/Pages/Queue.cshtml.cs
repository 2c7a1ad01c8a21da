using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Deadlines;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Modules.Requests.Pages;

internal enum QueueKind
{
    New,
    Open,
    Awaiting,
    Overdue,
    Mine,
    Closed,
}

/// <summary>The staff queues of the person's units (seed 004's follow-up screen), newest first, paged by key.</summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class QueueModel(RequestAccess access, OrgAccess org, WaslDbContext db, RequestDeadlines deadlines, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Counts stop here ("999+"): a badge never costs a count of a whole national archive.</summary>
    public const int CountCap = 999;
    private static readonly RequestStatus[] OpenStatuses = [RequestStatus.UnderStudy, RequestStatus.Forwarded, RequestStatus.Escalated, RequestStatus.Reopened];
    private static readonly RequestStatus[] ClosedStatuses = [RequestStatus.Resolved, RequestStatus.Closed];

    [BindProperty(SupportsGet = true)]
    public QueueKind Queue { get; set; } = QueueKind.New;

    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

    /// <summary>Filters, kept across tabs and pages: type, importance, and one unit's subtree within what one may see.</summary>
    [BindProperty(SupportsGet = true)]
    public RequestType? Type { get; set; }

    [BindProperty(SupportsGet = true)]
    public Importance? Importance { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? UnitId { get; set; }

    public IReadOnlyList<(int Id, string Name, int Depth)> Units { get; private set; } = [];

    /// <summary>The query string of the filters, for the tabs and the next-page link.</summary>
    public string FilterQuery =>
        (Type is { } t ? "&type=" + t : "") + (Importance is { } i ? "&importance=" + i : "") + (UnitId is { } u ? "&unitId=" + u.ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];
    public IReadOnlyDictionary<QueueKind, int> Counts { get; private set; } = new Dictionary<QueueKind, int>();
    public long? NextAfter { get; private set; }

    /// <summary>Time left (or overdue by) in working time, per row.</summary>
    public IReadOnlyDictionary<long, DeadlineView> Deadlines { get; private set; } = new Dictionary<long, DeadlineView>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await org.HasAnyAsync(OrgRight.View, ct)) return Forbid();
        var visible = await access.VisibleToStaffAsync(ct);
        var units = await org.VisibleUnitsAsync(OrgRight.View, ct);
        Units = await RequestLists.UnitChoicesAsync(units, ct);
        if (Type is { } type && Enum.IsDefined(type)) visible = visible.Where(r => r.Type == type);
        if (Importance is { } importance && Enum.IsDefined(importance)) visible = visible.Where(r => r.Importance == importance);
        if (UnitId is { } unitId)
        {
            // A unit outside one's subtrees filters everything out: it never widens what one sees.
            var path = await units.Where(u => u.Id == unitId).Select(u => u.Path).SingleOrDefaultAsync(ct) ?? "\u0001";
            visible = visible.Where(r => db.Units.Any(u => u.Id == r.UnitId && u.Path.StartsWith(path)));
        }
        var query = Filter(visible, Queue);
        if (After is { } after) query = query.Where(r => r.Id < after);
        var rows = await query.OrderByDescending(r => r.Id).Take(PageSize + 1)
            .Join(db.Units, r => r.UnitId, u => u.Id, (r, u) => new QueueRow(r.Id, r.Number, r.Type, r.Subject, r.Status, r.Importance, r.RequesterName, u.Name, r.CreatedAt, r.UnitId, r.DueAt))
            .ToListAsync(ct);
        var snapshot = await deadlines.SnapshotAsync(ct);
        var now = clock.GetUtcNow();
        Deadlines = rows.ToDictionary(r => r.Id, r => DeadlineView.Of(r.Status, r.DueAt, snapshot.For(r.UnitId), now));
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            NextAfter = rows[^1].Id;
        }
        Rows = rows;
        var counts = new Dictionary<QueueKind, int>();
        foreach (var kind in Enum.GetValues<QueueKind>())
            counts[kind] = await Filter(visible, kind).CountCappedAsync(CountCap, ct);
        Counts = counts;
        return Page();
    }

    /// <summary>"Mine": open requests the person took or was given (indexed on assignee and status).</summary>
    private IQueryable<Request> Filter(IQueryable<Request> visible, QueueKind kind)
    {
        if (kind == QueueKind.Mine)
        {
            var me = org.UserId;
            return visible.Where(r => r.AssigneeId == me && !ClosedStatuses.Contains(r.Status));
        }
        if (kind == QueueKind.Overdue)
        {
            // Past its resolution deadline in working time: DueAt is kept only while the clock runs (not while the
            // request awaits its requester, not once resolved), so this reads the partial index on (unit, due).
            var now = clock.GetUtcNow();
            return visible.Where(r => r.DueAt != null && r.DueAt < now);
        }
        RequestStatus[] statuses = kind switch
        {
            QueueKind.Open => OpenStatuses,
            QueueKind.Awaiting => [RequestStatus.AwaitingRequester],
            QueueKind.Closed => ClosedStatuses,
            _ => [RequestStatus.New],
        };
        return visible.Where(r => statuses.Contains(r.Status));
    }
}

internal sealed record QueueRow(long Id, string Number, RequestType Type, string Subject, RequestStatus Status, Domain.Importance Importance, string RequesterName, string UnitName, DateTimeOffset CreatedAt, int UnitId, DateTimeOffset? DueAt);
