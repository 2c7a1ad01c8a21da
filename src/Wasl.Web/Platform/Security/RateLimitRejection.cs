namespace Wasl.Web.Platform.Security;

/// <summary>
/// Endpoint metadata: writes the body of a 429 in the endpoint's own format (Open311 answers an errors document).
/// The limiter has already set the status, Retry-After and the RateLimit headers.
/// </summary>
public sealed class RateLimitRejection(Func<HttpContext, CancellationToken, Task> write)
{
    public Task WriteAsync(HttpContext context, CancellationToken ct) => write(context, ct);
}

/// <summary>Endpoint metadata: the API key may also come as an <c>api_key</c> query or form field (Open311 GeoReport v2).</summary>
public sealed class ApiKeyParameter
{
    public const string Name = "api_key";
}
