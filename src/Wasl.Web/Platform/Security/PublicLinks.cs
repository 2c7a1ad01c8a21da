using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Security;

internal sealed class PublicUrlOptions
{
    public const string Section = "Deployment";

    /// <summary>
    /// The address people reach Wasl at (https://wasl.example.gov). Every absolute link Wasl builds starts with it.
    /// When empty, links take the request's host, which <c>AllowedHosts</c> must then restrict outside Development.
    /// </summary>
    public string? PublicUrl { get; set; }
}

/// <summary>
/// The root of every absolute link Wasl builds (receipts, the API's tracking link, Open311 discovery). Never a Host
/// header a client made up: the configured public URL, else the request's host once host filtering has admitted it.
/// </summary>
internal sealed class PublicLinks(IOptions<PublicUrlOptions> options)
{
    public string Root(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = options.Value.PublicUrl;
        return string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : configured.Trim().TrimEnd('/');
    }

    /// <summary>Outside Development, a public URL or a host list is required: a wildcard host would let a forged Host header into links.</summary>
    internal static bool IsSafe(PublicUrlOptions options, IConfiguration config, bool development)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicUrl))
            return Uri.TryCreate(options.PublicUrl.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";
        var hosts = config["AllowedHosts"];
        return development || (!string.IsNullOrWhiteSpace(hosts) && hosts.Split(';', StringSplitOptions.TrimEntries).All(h => h is not ("*" or "")));
    }
}
