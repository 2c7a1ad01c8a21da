using System.Globalization;
using System.Text;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Maps;

/// <summary>A point typed by a person or placed on a map (WGS 84 degrees).</summary>
internal readonly record struct GeoPoint(double Latitude, double Longitude);

/// <summary>
/// Reads the latitude and longitude fields of a form. People type Western, Arabic-Indic or Persian digits, the Arabic
/// decimal separator (٫) or a decimal comma, a minus sign (−) and stray bidi marks; all of that is accepted. Both
/// fields or neither; each within its range. Errors name resource keys and the field they belong to.
/// </summary>
internal static class GeoCoordinates
{
    /// <summary>Six decimals is about 10 cm: more is noise from a click or a phone.</summary>
    public const int Decimals = 6;

    public static bool InRange(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;

    /// <summary>The point, none (both empty), or the errors: (field, key) with field "Latitude" or "Longitude".</summary>
    public static (GeoPoint? Point, IReadOnlyList<(string Field, string Key)> Errors) Read(string? latitudeText, string? longitudeText)
    {
        var hasLat = !string.IsNullOrWhiteSpace(latitudeText);
        var hasLon = !string.IsNullOrWhiteSpace(longitudeText);
        if (!hasLat && !hasLon) return (null, []);
        var errors = new List<(string, string)>();
        if (!hasLat) errors.Add(("Latitude", "Location.BothOrNeither"));
        if (!hasLon) errors.Add(("Longitude", "Location.BothOrNeither"));
        double lat = 0, lon = 0;
        if (hasLat && !TryParseNumber(latitudeText, out lat)) errors.Add(("Latitude", "Location.NotANumber"));
        else if (hasLat && lat is < -90 or > 90) errors.Add(("Latitude", "Location.LatitudeRange"));
        if (hasLon && !TryParseNumber(longitudeText, out lon)) errors.Add(("Longitude", "Location.NotANumber"));
        else if (hasLon && lon is < -180 or > 180) errors.Add(("Longitude", "Location.LongitudeRange"));
        if (errors.Count > 0) return (null, errors);
        return (new GeoPoint(Math.Round(lat, Decimals), Math.Round(lon, Decimals)), []);
    }

    /// <summary>A decimal number in any of the digit forms people type; no exponent, no digit grouping.</summary>
    public static bool TryParseNumber(string? input, out double value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40) return false;
        var sb = new StringBuilder(input.Length);
        foreach (var ch in Digits.ToAscii(input))
        {
            switch (ch)
            {
                case ' ' or '\u00A0' or '\u200E' or '\u200F' or '\u061C' or '°' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'):
                    continue;
                case '\u066B' or ',':
                    sb.Append('.');
                    break;
                case '\u2212' or '\u2013':
                    sb.Append('-');
                    break;
                default:
                    sb.Append(ch);
                    break;
            }
        }
        var s = sb.ToString();
        if (s.Length == 0 || s.Count(c => c == '.') > 1) return false;
        if (!double.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) return false;
        return double.IsFinite(value);
    }

    /// <summary>How a coordinate is written back into a field or shown: invariant digits, at most six decimals.</summary>
    public static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
