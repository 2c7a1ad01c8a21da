using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>A request as staff of its unit (or an ancestor) see it: request and requester data, the whole timeline.</summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
public sealed class DetailModel(RequestAccess access, WaslDbContext db) : PageModel
{
    public Request Item { get; private set; } = null!;
    public string UnitName { get; private set; } = "";
    public string? CategoryName { get; private set; }
    public IReadOnlyList<RequestEvent> Timeline { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        var request = await access.ForStaffAsync(number, ct);
        if (request is null) return NotFound();
        Item = request;
        UnitName = await db.Units.Where(u => u.Id == request.UnitId).Select(u => u.Name).SingleAsync(ct);
        CategoryName = request.CategoryId is { } c ? await db.Set<Category>().Where(x => x.Id == c).Select(x => x.Name).SingleAsync(ct) : null;
        Timeline = await db.Set<RequestEvent>().AsNoTracking().Where(e => e.RequestId == request.Id).OrderBy(e => e.Id).ToListAsync(ct);
        return Page();
    }
}
