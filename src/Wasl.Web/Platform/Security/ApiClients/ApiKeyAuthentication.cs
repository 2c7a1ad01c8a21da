using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Security.ApiClients;

/// <summary>"Authorization: Bearer wsk_…" for the JSON API. Cookies never authenticate the API, and keys never authenticate pages.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiClientStore clients)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ClientIdClaim = "wasl:api-client";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        string? key = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..] : await ParameterAsync();
        if (string.IsNullOrWhiteSpace(key)) return AuthenticateResult.NoResult();
        var client = await clients.AuthenticateAsync(key.Trim(), Context.RequestAborted);
        if (client is not { } c) return AuthenticateResult.Fail("Unknown or revoked API key.");
        var identity = new ClaimsIdentity(
            [new Claim(ClientIdClaim, c.Id.ToString(CultureInfo.InvariantCulture)), new Claim(ClaimTypes.Name, c.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>The <c>api_key</c> field, on the endpoints that take it (Open311): from the query, else from a posted form.</summary>
    private async Task<string?> ParameterAsync()
    {
        if (Context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyParameter>() is not { } parameter) return null;
        string? key = Request.Query[ApiKeyParameter.Name];
        if (!string.IsNullOrWhiteSpace(key) || !HttpMethods.IsPost(Request.Method) || !Request.HasFormContentType || Request.ContentLength > parameter.MaxBytes)
            return key;
        // The endpoint reads the same form after this step: keep the body readable, and on a form that breaks the
        // limits or cannot be decoded (a %00) leave it unread, so the endpoint answers that client error in its format.
        Request.EnableBuffering();
        try
        {
            return (await Request.ReadFormAsync(parameter.Limits, Context.RequestAborted))[ApiKeyParameter.Name];
        }
        catch (InvalidDataException)
        {
            Context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(null);
            Request.Body.Position = 0;
            return null;
        }
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
