using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Wasl.Web.Platform.Maps;

/// <summary>
/// Reads an area typed or uploaded as GeoJSON (RFC 7946: positions are [longitude, latitude]) into a valid NTS
/// polygon or multipolygon, and writes it back in one plain form. Accepted: a Polygon or MultiPolygon geometry, a
/// Feature holding one, or a FeatureCollection whose features all hold one (they become one MultiPolygon).
/// Every refusal names a resource key, so the administrator reads why in their own language.
/// </summary>
internal static class GeoJsonArea
{
    /// <summary>Areas longer than this are refused (a detailed directorate boundary is well under it).</summary>
    public const int MaxLength = 1_000_000;

    /// <summary>More positions than this are refused: lookups parse the candidate areas on every located report.</summary>
    public const int MaxPositions = 50_000;

    public static GeometryFactory Factory { get; } = new(new PrecisionModel(), 4326);

    public static bool TryParse(string? text, out Geometry? area, out string errorKey)
    {
        area = null;
        errorKey = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            errorKey = "Validation.Required";
            return false;
        }
        if (text.Length > MaxLength)
        {
            errorKey = "Areas.TooLarge";
            return false;
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            errorKey = "Areas.NotJson";
            return false;
        }
        using (doc)
        {
            var polygons = new List<Polygon>();
            var positions = 0;
            var error = Collect(doc.RootElement, polygons, ref positions, topLevel: true);
            if (error is not null)
            {
                errorKey = error;
                return false;
            }
            if (polygons.Count == 0)
            {
                errorKey = "Areas.NotPolygon";
                return false;
            }
            Geometry geometry = polygons.Count == 1 ? polygons[0] : Factory.CreateMultiPolygon([.. polygons]);
            var validation = new IsValidOp(geometry).ValidationError;
            if (validation is not null)
            {
                errorKey = validation.ErrorType is TopologyValidationErrors.SelfIntersection or TopologyValidationErrors.RingSelfIntersection
                    ? "Areas.SelfIntersecting"
                    : "Areas.InvalidShape";
                return false;
            }
            area = geometry;
            return true;
        }
    }

    private static string? Collect(JsonElement e, List<Polygon> into, ref int positions, bool topLevel)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            return "Areas.NotPolygon";
        switch (typeElement.GetString())
        {
            case "Polygon":
                {
                    if (!e.TryGetProperty("coordinates", out var rings)) return "Areas.InvalidShape";
                    var error = ReadPolygon(rings, out var polygon, ref positions);
                    if (error is not null) return error;
                    into.Add(polygon!);
                    return null;
                }
            case "MultiPolygon":
                {
                    if (!e.TryGetProperty("coordinates", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0) return "Areas.InvalidShape";
                    foreach (var rings in list.EnumerateArray())
                    {
                        var error = ReadPolygon(rings, out var polygon, ref positions);
                        if (error is not null) return error;
                        into.Add(polygon!);
                    }
                    return null;
                }
            case "Feature":
                return e.TryGetProperty("geometry", out var geometry) ? Collect(geometry, into, ref positions, topLevel: false) : "Areas.NotPolygon";
            case "FeatureCollection" when topLevel:
                {
                    if (!e.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array) return "Areas.NotPolygon";
                    foreach (var feature in features.EnumerateArray())
                    {
                        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("type", out var ft) || ft.ValueKind != JsonValueKind.String || ft.GetString() != "Feature")
                            return "Areas.NotPolygon";
                        var error = Collect(feature, into, ref positions, topLevel: false);
                        if (error is not null) return error;
                    }
                    return null;
                }
            default:
                return "Areas.NotPolygon";
        }
    }

    private static string? ReadPolygon(JsonElement rings, out Polygon? polygon, ref int positions)
    {
        polygon = null;
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0) return "Areas.InvalidShape";
        var linear = new List<LinearRing>();
        foreach (var ring in rings.EnumerateArray())
        {
            if (ring.ValueKind != JsonValueKind.Array) return "Areas.InvalidShape";
            var coordinates = new List<Coordinate>(ring.GetArrayLength() + 1);
            foreach (var position in ring.EnumerateArray())
            {
                if (++positions > MaxPositions) return "Areas.TooLarge";
                if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2) return "Areas.InvalidShape";
                var lon = position[0];
                var lat = position[1];
                if (lon.ValueKind != JsonValueKind.Number || lat.ValueKind != JsonValueKind.Number) return "Areas.InvalidShape";
                if (!lon.TryGetDouble(out var x) || !lat.TryGetDouble(out var y) || !GeoCoordinates.InRange(y, x)) return "Areas.OutOfRange";
                coordinates.Add(new Coordinate(x, y));
            }
            // Many hand-written rings forget to repeat the first position at the end; closing it changes nothing else.
            if (coordinates.Count > 0 && !coordinates[0].Equals2D(coordinates[^1])) coordinates.Add(coordinates[0].Copy());
            if (coordinates.Count < 4) return "Areas.InvalidShape";
            linear.Add(Factory.CreateLinearRing([.. coordinates]));
        }
        polygon = Factory.CreatePolygon(linear[0], [.. linear.Skip(1)]);
        return null;
    }

    /// <summary>The area as plain GeoJSON (a Polygon or MultiPolygon geometry, shortest round-trip numbers).</summary>
    public static string Write(Geometry area)
    {
        ArgumentNullException.ThrowIfNull(area);
        var sb = new StringBuilder();
        switch (area)
        {
            case Polygon p:
                sb.Append("{\"type\":\"Polygon\",\"coordinates\":");
                WritePolygon(sb, p);
                break;
            case MultiPolygon mp:
                sb.Append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
                for (var i = 0; i < mp.NumGeometries; i++)
                {
                    if (i > 0) sb.Append(',');
                    WritePolygon(sb, (Polygon)mp.GetGeometryN(i));
                }
                sb.Append(']');
                break;
            default:
                throw new ArgumentException("Only polygons and multipolygons are areas.", nameof(area));
        }
        return sb.Append('}').ToString();
    }

    private static void WritePolygon(StringBuilder sb, Polygon p)
    {
        sb.Append('[');
        WriteRing(sb, p.ExteriorRing);
        foreach (var hole in p.InteriorRings)
        {
            sb.Append(',');
            WriteRing(sb, hole);
        }
        sb.Append(']');
    }

    private static void WriteRing(StringBuilder sb, LineString ring)
    {
        sb.Append('[');
        var first = true;
        foreach (var c in ring.Coordinates)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append('[').Append(c.X.ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(c.Y.ToString("R", CultureInfo.InvariantCulture)).Append(']');
        }
        sb.Append(']');
    }
}
