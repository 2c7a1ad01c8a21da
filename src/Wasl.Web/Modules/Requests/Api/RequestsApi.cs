using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.References;
using Wasl.Web.Platform.Security;
using Wasl.Web.Platform.Security.ApiClients;

namespace Wasl.Web.Modules.Requests.Api;

/// <summary>
/// The JSON API for other systems (a ministry app, a partner portal): file a request on behalf of a person, follow the
/// requests this client filed, and read the categories to build a form. Authenticated by API key; a client sees only
/// the requests it filed itself; every error is a ProblemDetails document in the caller's Accept-Language.
/// </summary>
internal static class RequestsApi
{
    public static WebApplication MapRequestsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(PlatformModule.ApiPolicy)
            .RequireRateLimiting(PlatformModule.ApiRateLimit)
            .WithTags("Requests")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/requests", SubmitAsync)
            .WithName("SubmitRequest")
            .WithSummary("File an inquiry, complaint, suggestion or report on behalf of a person; answers its number and, for a person without an account, the tracking secret (shown once).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/requests/{number}", GetAsync)
            .WithName("GetRequest")
            .WithSummary("Status, resolution and public timeline of a request this client filed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/categories", CategoriesAsync)
            .WithName("GetCategories")
            .WithSummary("Active categories, optionally of one request type.")
            .ProducesValidationProblem();
        return app;
    }

    internal static async Task<Results<Created<ApiSubmitted>, ValidationProblem>> SubmitAsync(
        ApiNewRequest body, ClaimsPrincipal user, HttpContext http, WaslDbContext db, RequestIntake intake, IntakeChecks checks,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var state = new ModelStateDictionary();
        var type = OneOf<RequestType>(state, t, "type", body.Type);
        var role = body.Requester?.Role is { Length: > 0 } roleText ? OneOf<RequesterRole>(state, t, "requester.role", roleText) : RequesterRole.Other;
        Text(state, t, "subject", body.Subject, 3, 200);
        Text(state, t, "description", body.Description, 10, 8000);
        Text(state, t, "requester.name", body.Requester?.Name, 2, 200);
        var email = checks.Email(state, "requester.email", body.Requester?.Email);
        var (mobile, nationalId) = checks.Contact(state, body.Requester?.Mobile, body.Requester?.NationalId, field => "requester." + Camel(field));
        var location = body.Location is { } l
            ? checks.Location(state, l.Latitude?.ToString(CultureInfo.InvariantCulture), l.Longitude?.ToString(CultureInfo.InvariantCulture), field => "location." + Camel(field))
            : null;
        if (body.CategoryId is { } categoryId && !await db.Set<Category>().AnyAsync(c => c.Id == categoryId && c.IsActive && c.Type == type, ct))
            state.AddModelError("categoryId", t["Requests.CategoryMismatch"]);
        if (body.UnitId is { } unitId && !await db.Units.AnyAsync(u => u.Id == unitId && u.IsActive, ct))
            state.AddModelError("unitId", t["Validation.Invalid"]);
        await checks.CategoryReachAsync(state, "categoryId", body.CategoryId, body.UnitId, ct);
        if (!state.IsValid) return TypedResults.ValidationProblem(Errors(state), title: t["Api.ValidationTitle"]);

        var submitted = await intake.SubmitAsync(new SubmitRequest(
            type, body.CategoryId, body.UnitId, body.Subject!, body.Description!,
            null, body.Requester!.Name!.Trim(), nationalId, mobile, email, role, IntakeChannel.Api, location)
        { ApiClientId = ApiKeyAuthenticationHandler.ClientId(user) }, ct);
        var tracking = $"{http.RequestServices.GetRequiredService<PublicLinks>().Root(http.Request)}/requests/track?number={Uri.EscapeDataString(submitted.Number)}";
        return TypedResults.Created($"/api/v1/requests/{submitted.Number}",
            new ApiSubmitted(submitted.Number, submitted.GuestSecret, nameof(RequestStatus.New), tracking));
    }

    internal static async Task<Results<Ok<ApiRequestStatus>, ProblemHttpResult>> GetAsync(
        string number, ClaimsPrincipal user, WaslDbContext db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var clientId = ApiKeyAuthenticationHandler.ClientId(user);
        // Another client's request and an unknown number answer the same: a number alone never reveals a request.
        var request = ReferenceNumber.TryParse(number, out var parsed)
            ? await db.Set<Request>().AsNoTracking().SingleOrDefaultAsync(r => r.Number == parsed.ToString() && r.ApiClientId == clientId, ct)
            : null;
        if (request is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: t["Api.NotFound"]);
        var events = await db.Set<RequestEvent>().AsNoTracking()
            .Where(e => e.RequestId == request.Id && e.IsPublic).OrderBy(e => e.Id)
            .Select(e => new ApiEvent(e.Kind.ToString(), e.At, e.Text))
            .ToListAsync(ct);
        return TypedResults.Ok(new ApiRequestStatus(
            request.Number, request.Type.ToString(), request.Status.ToString(), request.Subject, request.CreatedAt, request.UpdatedAt,
            request.Resolution, request.ResolvedAt, request.SatisfactionScore, events));
    }

    internal static async Task<Results<Ok<List<ApiCategory>>, ValidationProblem>> CategoriesAsync(
        string? type, WaslDbContext db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        var query = db.Set<Category>().AsNoTracking().Where(c => c.IsActive);
        if (!string.IsNullOrEmpty(type))
        {
            var state = new ModelStateDictionary();
            var rt = OneOf<RequestType>(state, t, "type", type);
            if (!state.IsValid) return TypedResults.ValidationProblem(Errors(state), title: t["Api.ValidationTitle"]);
            query = query.Where(c => c.Type == rt);
        }
        var list = await query.OrderBy(c => c.Type).ThenBy(c => c.Code)
            .Select(c => new ApiCategory(c.Id, c.Code, c.Type.ToString(), c.ParentId, c.Name, c.NameLatin))
            .ToListAsync(ct);
        return TypedResults.Ok(list);
    }

    /// <summary>
    /// Exactly one of the enum's names (in any letter case, as the OpenAPI document lists them). Enum.TryParse alone
    /// would also take "1", "99" and "Complaint,Report" (numbers and combined flags), which name no single value.
    /// </summary>
    internal static TEnum OneOf<TEnum>(ModelStateDictionary state, IStringLocalizer<SharedResource> t, string field, string? text)
        where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>();
        var name = names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (name is not null) return Enum.Parse<TEnum>(name);
        state.AddModelError(field, string.IsNullOrWhiteSpace(text) ? t["Validation.Required"] : t["Api.OneOf", field, string.Join(", ", names)]);
        return default;
    }

    private static void Text(ModelStateDictionary state, IStringLocalizer<SharedResource> t, string field, string? value, int min, int max)
    {
        var length = value?.Trim().Length ?? 0;
        if (length == 0) state.AddModelError(field, t["Validation.Required"]);
        else if (length < min || length > max) state.AddModelError(field, t["Validation.Length", field, max, min]);
    }

    private static Dictionary<string, string[]> Errors(ModelStateDictionary state) =>
        state.Where(e => e.Value is { Errors.Count: > 0 }).ToDictionary(e => e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage).ToArray());

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

internal sealed record ApiNewRequest(string? Type, int? CategoryId, int? UnitId, string? Subject, string? Description, ApiRequester? Requester, ApiLocation? Location = null);

/// <summary>WGS 84 decimal degrees; a report with a location is routed to the unit whose area holds it.</summary>
internal sealed record ApiLocation(double? Latitude, double? Longitude);

internal sealed record ApiRequester(string? Name, string? NationalId, string? Mobile, string? Email, string? Role);

internal sealed record ApiSubmitted(string Number, string? Secret, string Status, string TrackingUrl);

internal sealed record ApiRequestStatus(
    string Number, string Type, string Status, string Subject, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string? Resolution, DateTimeOffset? ResolvedAt, int? Satisfaction, IReadOnlyList<ApiEvent> Events);

internal sealed record ApiEvent(string Kind, DateTimeOffset At, string? Text);

internal sealed record ApiCategory(int Id, string Code, string Type, int? ParentId, string Name, string? NameLatin);
