using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Maps;

namespace Wasl.Web.Platform.Organization;

/// <summary>Which unit serves a place: the deepest active unit whose area holds the point (a school inside its directorate inside the ministry).</summary>
public sealed class UnitAreas(WaslDbContext db)
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
