using Microsoft.EntityFrameworkCore;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Modules.Requests;

/// <summary>The choices every intake and routing form offers: active categories, and active units in tree order.</summary>
internal static class RequestLists
{
    public static async Task<IReadOnlyList<Category>> CategoriesAsync(WaslDbContext db, CancellationToken ct) =>
        await db.Set<Category>().AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.Type).ThenBy(c => c.Id).ToListAsync(ct);

    /// <summary>The active units of a scope (e.g. what one may see) in tree order, for a filter's unit choice.</summary>
    public static async Task<IReadOnlyList<(int Id, string Name, int Depth)>> UnitChoicesAsync(IQueryable<Platform.Organization.Unit> units, CancellationToken ct) =>
        [.. (await units.Where(u => u.IsActive).OrderBy(u => u.Path).Select(u => new { u.Id, u.Name, u.Depth }).Take(500).ToListAsync(ct)).Select(u => (u.Id, u.Name, u.Depth))];

    public static async Task<IReadOnlyList<(int Id, string Name, int Depth)>> UnitsAsync(WaslDbContext db, CancellationToken ct) =>
        [.. (await db.Units.AsNoTracking().Where(u => u.IsActive).OrderBy(u => u.Path).Select(u => new { u.Id, u.Name, u.Depth }).Take(5000).ToListAsync(ct))
            .Select(u => (u.Id, u.Name, u.Depth))];
}
