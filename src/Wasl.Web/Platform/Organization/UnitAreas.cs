using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Maps;

namespace Wasl.Web.Platform.Organization;

/// <summary>Which unit serves a place: the deepest active unit whose area holds the point (a school inside its directorate inside the ministry).</summary>
internal sealed class UnitAreas(WaslDbContext db)
{
    /// <summary>The deepest active unit whose area covers the point (its boundary included), or null when no area holds it.</summary>
    public async Task<int?> UnitAtAsync(GeoPoint point, CancellationToken ct)
    {
        var (lat, lon) = (point.Latitude, point.Longitude);
        // The bounding boxes narrow the candidates in SQL; only their polygons are read, deepest first, until one holds the point.
        var candidates = await db.Set<UnitArea>().AsNoTracking()
            .Where(a => a.MinLatitude <= lat && a.MaxLatitude >= lat && a.MinLongitude <= lon && a.MaxLongitude >= lon)
            .Join(db.Units.Where(u => u.IsActive), a => a.UnitId, u => u.Id, (a, u) => new { a.UnitId, u.Depth })
            .OrderByDescending(x => x.Depth).ThenBy(x => x.UnitId)
            .Take(500)
            .ToListAsync(ct);
        foreach (var candidate in candidates)
        {
            var geoJson = await db.Set<UnitArea>().AsNoTracking().Where(a => a.UnitId == candidate.UnitId).Select(a => a.GeoJson).SingleAsync(ct);
            if (GeoJsonArea.TryParse(geoJson, out var area, out _) && Covers(area!, point)) return candidate.UnitId;
        }
        return null;
    }

    public static bool Covers(Geometry area, GeoPoint point)
    {
        ArgumentNullException.ThrowIfNull(area);
        return area.Covers(GeoJsonArea.Factory.CreatePoint(new Coordinate(point.Longitude, point.Latitude)));
    }

    /// <summary>
    /// The nearest ancestor of the unit that has an area (its parent, else the grandparent…): the area the unit's own
    /// must lie inside. A parent without an area does not constrain by itself; the next one up with an area does.
    /// </summary>
    public async Task<(Unit Unit, Geometry Area)?> BoundingAncestorAsync(Unit unit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var ancestors = UnitTree.Ids(unit.Path)[..^1];
        if (ancestors.Length == 0) return null;
        var rows = await db.Set<UnitArea>().AsNoTracking().Where(a => ancestors.Contains(a.UnitId))
            .Join(db.Units, a => a.UnitId, u => u.Id, (a, u) => new { Unit = u, a.GeoJson }).ToListAsync(ct);
        var nearest = rows.MaxBy(r => r.Unit.Depth);
        if (nearest is null) return null;
        // A stored area was valid when saved; one that no longer parses constrains nothing rather than blocking every edit.
        return GeoJsonArea.TryParse(nearest.GeoJson, out var area, out _) ? (nearest.Unit, area!) : null;
    }

    /// <summary>
    /// Why <paramref name="area"/> may not become the unit's area, as a resource key and the unit it names; null when it may.
    /// It must lie inside the nearest ancestor's area, and hold the areas of the nearest descendants that have one
    /// (a parent shrinking must not leave a school outside).
    /// </summary>
    public async Task<(string Key, Unit Other)?> ContainmentAsync(Unit unit, Geometry area, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(area);
        if (await BoundingAncestorAsync(unit, ct) is { } bound && !bound.Area.Covers(area)) return ("Areas.OutsideParent", bound.Unit);
        var below = await db.Set<UnitArea>().AsNoTracking()
            .Join(db.Units.Where(u => u.Path.StartsWith(unit.Path) && u.Id != unit.Id), a => a.UnitId, u => u.Id,
                (a, u) => new { Unit = u, a.MinLatitude, a.MaxLatitude, a.MinLongitude, a.MaxLongitude })
            .ToListAsync(ct);
        var withArea = below.Select(b => b.Unit.Id).ToHashSet();
        var box = area.EnvelopeInternal;
        // Only the nearest ones: deeper areas lie inside those, so holding the nearest holds them all.
        foreach (var child in below.Where(b => !UnitTree.Ids(b.Unit.Path)[..^1].Any(withArea.Contains)).OrderBy(b => b.Unit.Path, StringComparer.Ordinal))
        {
            if (!box.Contains(new Envelope(child.MinLongitude, child.MaxLongitude, child.MinLatitude, child.MaxLatitude))) return ("Areas.ChildOutside", child.Unit);
            var geoJson = await db.Set<UnitArea>().AsNoTracking().Where(a => a.UnitId == child.Unit.Id).Select(a => a.GeoJson).SingleAsync(ct);
            if (GeoJsonArea.TryParse(geoJson, out var childArea, out _) && !area.Covers(childArea!)) return ("Areas.ChildOutside", child.Unit);
        }
        return null;
    }

    public Task<UnitArea?> FindAsync(int unitId, CancellationToken ct) =>
        db.Set<UnitArea>().AsNoTracking().SingleOrDefaultAsync(a => a.UnitId == unitId, ct);

    /// <summary>Sets or replaces the unit's area (a valid polygon or multipolygon), or clears it (null).</summary>
    public async Task SetAsync(int unitId, Geometry? area, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await db.Set<UnitArea>().SingleOrDefaultAsync(a => a.UnitId == unitId, ct);
        if (area is null)
        {
            if (existing is not null)
            {
                db.Remove(existing);
                await db.SaveChangesAsync(ct);
            }
            return;
        }
        if (area is not (Polygon or MultiPolygon) || !area.IsValid) throw new ArgumentException("An area is a valid polygon or multipolygon.", nameof(area));
        var row = existing ?? db.Add(new UnitArea { UnitId = unitId }).Entity;
        var box = area.EnvelopeInternal;
        row.GeoJson = GeoJsonArea.Write(area);
        row.MinLongitude = box.MinX;
        row.MaxLongitude = box.MaxX;
        row.MinLatitude = box.MinY;
        row.MaxLatitude = box.MaxY;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
    }
}
