using System.Globalization;

namespace Wasl.Web.Platform.Maps;

/// <summary>
/// The "Maps" section: where map tiles come from and where a map opens. A deployment points <see cref="TileUrl"/> at
/// its own tile server (or leaves it empty: the maps then show the pin on a plain background, and the coordinate
/// fields work as always). The content security policy allows images from the tile host and nowhere else.
/// </summary>
internal sealed class MapsOptions
{
    public const string Section = "Maps";

    /// <summary>A Leaflet URL template: {z}/{x}/{y}, optionally {s} for subdomains and {r} for retina.</summary>
    public string TileUrl { get; set; } = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

    /// <summary>Subdomains that replace {s} in <see cref="TileUrl"/>, e.g. "abc".</summary>
    public string Subdomains { get; set; } = "abc";

    /// <summary>Plain text shown in the map's corner (the tile provider's required credit).</summary>
    public string Attribution { get; set; } = "© OpenStreetMap contributors";

    public int MaxZoom { get; set; } = 19;

    /// <summary>Where a map opens when no point is chosen yet: Riyadh.</summary>
    public double CenterLatitude { get; set; } = 24.7136;

    public double CenterLongitude { get; set; } = 46.6753;

    public int Zoom { get; set; } = 11;

    /// <summary>
    /// The CSP source for tile images: "https://tiles.example.org", "https://*.tile.example.org" for {s}, or null when
    /// tiles come from this site (or there are none).
    /// </summary>
    public string? TileSource()
    {
        var url = TileUrl?.Trim();
        if (string.IsNullOrEmpty(url)) return null;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return null; // relative: served by this site, 'self' covers it
        var scheme = url[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("https" or "http")) throw new InvalidOperationException("Maps:TileUrl must be an http(s) URL template.");
        var hostEnd = url.IndexOf('/', schemeEnd + 3);
        var host = hostEnd < 0 ? url[(schemeEnd + 3)..] : url[(schemeEnd + 3)..hostEnd];
        host = host.Replace("{s}", "*", StringComparison.Ordinal);
        // Only a leading wildcard label is expressible in CSP; anything else in the host is a configuration error.
        var check = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        if (check.Length == 0 || check.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']')))
            throw new InvalidOperationException("Maps:TileUrl has a host that a content security policy cannot name: " + host);
        return scheme + "://" + host.ToLowerInvariant();
    }

    /// <summary>The configured centre as invariant text for the page's data attributes.</summary>
    public string CenterText => string.Create(CultureInfo.InvariantCulture, $"{CenterLatitude},{CenterLongitude}");
}

/// <summary>What the location picker partial needs: the form's field prefix and what is in the fields now.</summary>
/// <param name="ShowForType">When set, scripts show the picker only while the form's type is this value (a report).</param>
internal sealed record LocationField(string Prefix, string? Latitude, string? Longitude, string? ShowForType = null);

/// <summary>A read-only map: a marker, or an area (GeoJSON), or both.</summary>
internal sealed record MapView(string Id, string Label, GeoPoint? Marker = null, string? AreaGeoJson = null);
