namespace Wasl.Web.Platform.Security;

/// <summary>
/// Endpoint metadata: writes the body of a 429 in the endpoint's own format (Open311 answers an errors document).
/// The limiter has already set the status, Retry-After and the RateLimit headers.
/// </summary>
internal sealed class RateLimitRejection(Func<HttpContext, CancellationToken, Task> write)
{
    public Task WriteAsync(HttpContext context, CancellationToken ct) => write(context, ct);
}

/// <summary>
/// Endpoint metadata: the API key may also come as an <c>api_key</c> query or form field (Open311 GeoReport v2). The
/// form is read with the endpoint's own <paramref name="Limits"/> and not at all past <paramref name="MaxBytes"/>, so the
/// authentication step can neither read more than the endpoint would nor hide its answer to a form that breaks them.
/// </summary>
internal sealed record ApiKeyParameter(Microsoft.AspNetCore.Http.Features.FormOptions Limits, long MaxBytes)
{
    public const string Name = "api_key";
}
