using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;
using Wasl.Tests;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Maps;
using Wasl.Web.Platform.Organization;

namespace Wasl.UnitTests;

/// <summary>Reading areas (GeoJSON) and typed coordinates, and finding the unit whose area holds a point.</summary>
public sealed class GeoJsonAreaTests
{
    private static string Square(double lat, double lon, double half) => AreasDemoData.Square(lat, lon, half);

    [Fact]
    public void A_polygon_a_multipolygon_a_feature_and_a_feature_collection_are_areas()
    {
        Assert.True(GeoJsonArea.TryParse(Square(24.7, 46.7, 0.01), out var polygon, out _));
        Assert.IsType<Polygon>(polygon);

        const string multi = """{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,6],[5,5]]]]}""";
        Assert.True(GeoJsonArea.TryParse(multi, out var mp, out _));
        Assert.Equal(2, Assert.IsType<MultiPolygon>(mp).NumGeometries);

        var feature = $$"""{"type":"Feature","properties":{"name":"x"},"geometry":{{Square(1, 1, 0.5)}}}""";
        Assert.True(GeoJsonArea.TryParse(feature, out var f, out _));
        Assert.IsType<Polygon>(f);

        var collection = $$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{{Square(1, 1, 0.5)}}},{"type":"Feature","properties":{},"geometry":{{Square(3, 3, 0.5)}}}]}""";
        Assert.True(GeoJsonArea.TryParse(collection, out var fc, out _));
        Assert.Equal(2, Assert.IsType<MultiPolygon>(fc).NumGeometries);
    }

    [Fact]
    public void A_ring_left_open_is_closed_and_written_back_as_plain_geojson()
    {
        Assert.True(GeoJsonArea.TryParse("""{"type":"Polygon","coordinates":[[[46.6,24.6],[46.8,24.6],[46.8,24.8],[46.6,24.8]]]}""", out var area, out _));
        Assert.Equal("""{"type":"Polygon","coordinates":[[[46.6,24.6],[46.8,24.6],[46.8,24.8],[46.6,24.8],[46.6,24.6]]]}""", GeoJsonArea.Write(area!));
        // What is written reads back to the same shape.
        Assert.True(GeoJsonArea.TryParse(GeoJsonArea.Write(area!), out var again, out _));
        Assert.True(area!.EqualsExact(again));
    }

    [Theory]
    [InlineData("", "Validation.Required")]
    [InlineData("not json {", "Areas.NotJson")]
    [InlineData("""{"type":"Point","coordinates":[46.7,24.7]}""", "Areas.NotPolygon")]
    [InlineData("""{"type":"LineString","coordinates":[[0,0],[1,1]]}""", "Areas.NotPolygon")]
    [InlineData("""{"type":"FeatureCollection","features":[]}""", "Areas.NotPolygon")]
    [InlineData("""[1,2,3]""", "Areas.NotPolygon")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,1],[0,0]]]}""", "Areas.InvalidShape")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],["a",1],[1,1],[0,0]]]}""", "Areas.InvalidShape")]
    [InlineData("""{"type":"Polygon","coordinates":[]}""", "Areas.InvalidShape")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}""", "Areas.SelfIntersecting")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[200,0],[200,1],[0,1],[0,0]]]}""", "Areas.OutOfRange")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,95],[0,95],[0,0]]]}""", "Areas.OutOfRange")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1e400],[0,1],[0,0]]]}""", "Areas.OutOfRange")]
    // A hole outside its shell.
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]],[[5,5],[6,5],[6,6],[5,6],[5,5]]]}""", "Areas.InvalidShape")]
    public void What_is_not_a_valid_area_is_refused_with_its_reason(string text, string key)
    {
        Assert.False(GeoJsonArea.TryParse(text, out var area, out var error));
        Assert.Null(area);
        Assert.Equal(key, error);
    }

    [Fact]
    public void Very_large_areas_are_refused()
    {
        Assert.False(GeoJsonArea.TryParse("{\"type\":\"Polygon\"," + new string(' ', GeoJsonArea.MaxLength) + "}", out _, out var error));
        Assert.Equal("Areas.TooLarge", error);
        var ring = string.Join(",", Enumerable.Range(0, GeoJsonArea.MaxPositions + 2).Select(i => $"[{i % 90 * 0.01:0.00},{i / 90 * 0.01:0.00}]"));
        Assert.False(GeoJsonArea.TryParse($$"""{"type":"Polygon","coordinates":[[{{ring}}]]}""", out _, out error));
        Assert.Equal("Areas.TooLarge", error);
    }
}

public sealed class GeoCoordinatesTests
{
    [Theory]
    [InlineData("24.7136", "46.6753", 24.7136, 46.6753)]
    [InlineData("٢٤٫٧١٣٦", "٤٦٫٦٧٥٣", 24.7136, 46.6753)]
    [InlineData("۲۴.۷۱۳۶", "۴۶,۶۷۵۳", 24.7136, 46.6753)]
    [InlineData(" \u200E−33.8688 ", "151.2093°", -33.8688, 151.2093)]
    [InlineData("24.71361234", "46.67539999", 24.713612, 46.6754)]
    [InlineData("90", "-180", 90, -180)]
    public void Typed_coordinates_are_read_in_any_digit_form(string lat, string lon, double expectedLat, double expectedLon)
    {
        var (point, errors) = GeoCoordinates.Read(lat, lon);
        Assert.Empty(errors);
        Assert.Equal(expectedLat, point!.Value.Latitude, 9);
        Assert.Equal(expectedLon, point.Value.Longitude, 9);
    }

    [Fact]
    public void Both_empty_is_no_location()
    {
        var (point, errors) = GeoCoordinates.Read("  ", null);
        Assert.Null(point);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("24.7", "", "Longitude", "Location.BothOrNeither")]
    [InlineData(null, "46.6", "Latitude", "Location.BothOrNeither")]
    [InlineData("abc", "46.6", "Latitude", "Location.NotANumber")]
    [InlineData("24.7", "1e2", "Longitude", "Location.NotANumber")]
    [InlineData("24.7.1", "46.6", "Latitude", "Location.NotANumber")]
    [InlineData("1,234.5", "46.6", "Latitude", "Location.NotANumber")]
    [InlineData("90.0001", "46.6", "Latitude", "Location.LatitudeRange")]
    [InlineData("-٩١", "46.6", "Latitude", "Location.LatitudeRange")]
    [InlineData("24.7", "180.5", "Longitude", "Location.LongitudeRange")]
    public void Bad_coordinates_name_the_field_and_the_reason(string? lat, string? lon, string field, string key)
    {
        var (point, errors) = GeoCoordinates.Read(lat, lon);
        Assert.Null(point);
        Assert.Contains((field, key), errors);
    }
}

public sealed class MapsOptionsTests
{
    [Theory]
    [InlineData("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org")]
    [InlineData("https://{s}.tiles.example.gov.sa/osm/{z}/{x}/{y}.png", "https://*.tiles.example.gov.sa")]
    [InlineData("HTTPS://Tiles.Example.org:8443/{z}/{x}/{y}.png", "https://tiles.example.org:8443")]
    [InlineData("/tiles/{z}/{x}/{y}.png", null)]
    [InlineData("", null)]
    public void The_tile_host_becomes_one_csp_source(string url, string? expected) =>
        Assert.Equal(expected, new MapsOptions { TileUrl = url }.TileSource());

    [Theory]
    [InlineData("https://tiles.example.org;script-src *;/{z}/{x}/{y}.png")]
    [InlineData("https://a{s}.example.org/{z}/{x}/{y}.png")]
    [InlineData("javascript://x/{z}")]
    public void A_tile_url_that_would_bend_the_policy_is_refused(string url) =>
        Assert.Throws<InvalidOperationException>(() => new MapsOptions { TileUrl = url }.TileSource());
}

/// <summary>The lookup on a real (SQLite) database, migrated by the real scripts.</summary>
public sealed class UnitAreaLookupTests : IAsyncLifetime
{
    private readonly string _connection = $"Data Source={Path.Combine(Path.GetTempPath(), $"wasl-areas-{Guid.NewGuid():N}.db")};Pooling=False";
    private readonly Dictionary<string, int> _units = [];
    private WaslDbContext _db = null!;

    public async Task InitializeAsync()
    {
        _db = SchemaTools.CreateContext(DatabaseProvider.Sqlite, _connection);
        await new SchemaMigrator(_db, TestModules.Parts, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var kind = new UnitKind { Code = "k", Name = "k" };
        _db.UnitKinds.Add(kind);
        await _db.SaveChangesAsync();
        var tree = new UnitTree(_db);
        var root = await tree.AddAsync(null, kind, "MOE", "MOE", null, default);
        var riyadh = await tree.AddAsync(root, kind, "RIY", "RIY", null, default);
        var makkah = await tree.AddAsync(root, kind, "MKK", "MKK", null, default);
        foreach (var u in new[] { root, riyadh, makkah }) _units[u.Code] = u.Id;
        foreach (var (code, parent) in new[] { ("RIY-S1", riyadh), ("RIY-S2", riyadh), ("RIY-S3", riyadh), ("MKK-S1", makkah) })
            _units[code] = (await tree.AddAsync(parent, kind, code, code, null, default)).Id;

        var areas = new UnitAreas(_db);
        // The ministry covers the whole country box; Riyadh a big square with a hole (an enclave it does not serve).
        await SetAsync("MOE", Square(24, 45, 8));
        await SetAsync("RIY", """{"type":"Polygon","coordinates":[[[46,24],[47.5,24],[47.5,25.5],[46,25.5],[46,24]],[[47.2,25.2],[47.4,25.2],[47.4,25.4],[47.2,25.4],[47.2,25.2]]]}""");
        await SetAsync("RIY-S1", Square(24.7136, 46.6753, 0.005));
        // A school in two parts (a main building and an annex): a multipolygon.
        await SetAsync("RIY-S2", """{"type":"MultiPolygon","coordinates":[[[[46.80,24.80],[46.81,24.80],[46.81,24.81],[46.80,24.81],[46.80,24.80]]],[[[46.90,24.90],[46.91,24.90],[46.91,24.91],[46.90,24.91],[46.90,24.90]]]]}""");
        await SetAsync("RIY-S3", Square(24.60, 46.60, 0.005));
        await SetAsync("MKK", Square(21.4, 39.85, 0.3));

        async Task SetAsync(string code, string geoJson)
        {
            Assert.True(GeoJsonArea.TryParse(geoJson, out var area, out var error), error);
            await areas.SetAsync(_units[code], area, DateTimeOffset.UtcNow, default);
        }
    }

    private static string Square(double lat, double lon, double half) => AreasDemoData.Square(lat, lon, half);

    private Task<int?> At(double lat, double lon) => new UnitAreas(_db).UnitAtAsync(new GeoPoint(lat, lon), default);

    [Fact]
    public async Task The_deepest_area_that_holds_the_point_wins()
    {
        Assert.Equal(_units["RIY-S1"], await At(24.7136, 46.6753));
        Assert.Equal(_units["RIY"], await At(24.75, 46.75));
        Assert.Equal(_units["MOE"], await At(20.0, 42.0));
        Assert.Equal(_units["MKK"], await At(21.4, 39.85));
    }

    [Fact]
    public async Task A_point_on_no_area_finds_no_unit()
    {
        Assert.Null(await At(51.5, -0.12));
        Assert.Null(await At(-33.86, 151.2));
    }

    [Fact]
    public async Task Every_part_of_a_multipolygon_counts_and_the_gap_between_does_not()
    {
        Assert.Equal(_units["RIY-S2"], await At(24.805, 46.805));
        Assert.Equal(_units["RIY-S2"], await At(24.905, 46.905));
        // Inside the bounding box of both parts, outside each: the directorate.
        Assert.Equal(_units["RIY"], await At(24.855, 46.855));
    }

    [Fact]
    public async Task A_point_in_a_hole_belongs_to_the_next_area_out()
    {
        Assert.Equal(_units["MOE"], await At(25.3, 47.3));
        Assert.Equal(_units["RIY"], await At(25.1, 47.3));
    }

    [Fact]
    public async Task The_boundary_belongs_to_the_area()
    {
        Assert.Equal(_units["RIY-S3"], await At(24.595, 46.60));
    }

    [Fact]
    public async Task An_inactive_unit_receives_nothing_and_a_cleared_area_holds_nothing()
    {
        var s3 = await _db.Units.SingleAsync(u => u.Id == _units["RIY-S3"]);
        s3.IsActive = false;
        await _db.SaveChangesAsync();
        Assert.Equal(_units["RIY"], await At(24.60, 46.60));

        await new UnitAreas(_db).SetAsync(_units["RIY-S1"], null, DateTimeOffset.UtcNow, default);
        Assert.Equal(_units["RIY"], await At(24.7136, 46.6753));
        Assert.Null(await new UnitAreas(_db).FindAsync(_units["RIY-S1"], default));
    }

    [Fact]
    public async Task Replacing_an_area_moves_its_bounding_box()
    {
        var areas = new UnitAreas(_db);
        Assert.True(GeoJsonArea.TryParse(Square(24.65, 46.65, 0.001), out var area, out _));
        await areas.SetAsync(_units["RIY-S1"], area, DateTimeOffset.UtcNow, default);
        var stored = await areas.FindAsync(_units["RIY-S1"], default);
        Assert.Equal(24.649, stored!.MinLatitude, 9);
        Assert.Equal(46.651, stored.MaxLongitude, 9);
        Assert.Equal(_units["RIY"], await At(24.7136, 46.6753));
        Assert.Equal(_units["RIY-S1"], await At(24.65, 46.65));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();
}
