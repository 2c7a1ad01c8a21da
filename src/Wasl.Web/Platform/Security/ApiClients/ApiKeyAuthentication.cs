using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Security.ApiClients;

/// <summary>"Authorization: Bearer wsk_…" for the JSON API. Cookies never authenticate the API, and keys never authenticate pages.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiClientStore clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ClientIdClaim = "wasl:api-client";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var client = await clients.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (client is not { } c) return AuthenticateResult.Fail("Unknown or revoked API key.");
        var identity = new ClaimsIdentity(
            [new Claim(ClientIdClaim, c.Id.ToString(CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, c.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    public static int? ClientId(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClientIdClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
