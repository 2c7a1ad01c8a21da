using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Maps;

namespace Wasl.Web.Platform.Organization;

/// <summary>
/// Demo areas: a rough polygon around Riyadh and one around Makkah for the directorates, and a small square (about
/// 1.1 km) around each demo school inside them. A report pinned at 24.7136, 46.6753 (central Riyadh) goes to RIY-S1.
/// </summary>
internal sealed class AreasDemoData(WaslDbContext db, TimeProvider clock) : IDemoDataContributor
{
    /// <summary>Where each demo school's square is centred (latitude, longitude).</summary>
    public static readonly (string Code, double Latitude, double Longitude)[] Schools =
    [
        ("RIY-S1", 24.7136, 46.6753),
        ("RIY-S2", 24.7740, 46.7380),
        ("MKK-S1", 21.4225, 39.8262),
        ("MKK-S2", 21.4000, 39.8700),
    ];

    public const string Riyadh = """{"type":"Polygon","coordinates":[[[46.35,24.45],[46.95,24.45],[47.10,24.70],[46.95,25.05],[46.50,25.10],[46.30,24.80],[46.35,24.45]]]}""";
    public const string Makkah = """{"type":"Polygon","coordinates":[[[39.65,21.25],[40.05,21.25],[40.10,21.45],[39.95,21.62],[39.70,21.60],[39.62,21.42],[39.65,21.25]]]}""";

    public async Task SeedAsync(CancellationToken ct)
    {
        var areas = new UnitAreas(db);
        var now = clock.GetUtcNow();
        var units = await db.Units.Where(u => u.Code == "RIY" || u.Code == "MKK" || u.Code.Contains("-S")).ToDictionaryAsync(u => u.Code, u => u.Id, ct);
        await SetAsync(units["RIY"], Riyadh);
        await SetAsync(units["MKK"], Makkah);
        foreach (var (code, lat, lon) in Schools)
            if (units.TryGetValue(code, out var id)) await SetAsync(id, Square(lat, lon, 0.005));

        async Task SetAsync(int unitId, string geoJson)
        {
            if (!GeoJsonArea.TryParse(geoJson, out var area, out var error)) throw new InvalidOperationException("Demo area is invalid: " + error);
            await areas.SetAsync(unitId, area, now, ct);
        }
    }

    public static string Square(double lat, double lon, double half) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"type":"Polygon","coordinates":[[[{{R(lon - half)}},{{R(lat - half)}}],[{{R(lon + half)}},{{R(lat - half)}}],[{{R(lon + half)}},{{R(lat + half)}}],[{{R(lon - half)}},{{R(lat + half)}}],[{{R(lon - half)}},{{R(lat - half)}}]]]}""");

    private static double R(double v) => Math.Round(v, 6);
}
