using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Errors;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.References;
using Wasl.Web.Platform.Security;
using Wasl.Web.Platform.Security.ApiClients;
using Fields = System.Collections.Generic.List<System.Collections.Generic.KeyValuePair<string, object?>>;

namespace Wasl.Web.Modules.Requests.Api;

/// <summary>
/// Open311 GeoReport v2 for reports (research/open311-spec.md), single jurisdiction, XML and JSON. Services are the
/// active report categories (service_code = the category's id). Two deliberate differences from the spec, for privacy
/// (reports name children, schools and incidents): reading requests also needs an API key, and a client reads back
/// only the requests it filed itself. A reporter's phone is required, so that the ministry can answer.
/// </summary>
internal static class Open311Api
{
    private const string Base = "/open311/v2";
    private const int DescriptionMax = 4000;
    private const int ListMax = 1000;

    /// <summary>A report is a few short fields: 64 KB is ample, and larger bodies are refused before they are read.</summary>
    internal const int FormMax = 64 * 1024;

    private static readonly FormOptions FormLimits = new() { ValueCountLimit = 64, ValueLengthLimit = FormMax, KeyLengthLimit = 256, MultipartBodyLengthLimit = FormMax };
    private static readonly TimeSpan MaxSpan = TimeSpan.FromDays(90);

    public static WebApplication MapOpen311(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Limited per key (api_key, checked before the limiter) and per address without one; a 429 is an errors document.
        // Open to guests at the door: discovery and services are public, and the endpoints that need a client read its
        // api_key themselves (GeoReport v2 sends it as a form or query value, not as a scheme the policies know).
        var group = app.MapGroup("/open311").AllowAnonymous().RequireRateLimiting(PlatformModule.ApiRateLimit).WithTags("Open311 GeoReport v2")
            .WithMetadata(new ApiKeyParameter(FormLimits, FormMax), new RateLimitRejection(TooManyAsync));
        group.MapGet("/discovery.{format}", Discovery).WithName("Open311Discovery").WithSummary("Open311 service discovery.");
        group.MapGet("/v2/services.{format}", ServicesAsync).WithName("Open311Services").WithSummary("Report categories as Open311 services.");
        group.MapGet("/v2/services/{code}.{format}", ServiceAsync).WithName("Open311Service").WithSummary("An Open311 service definition.");
        group.MapPost("/v2/requests.{format}", SubmitAsync).WithName("Open311Submit").WithSummary("File a report (form fields per GeoReport v2; api_key required).").DisableAntiforgery();
        group.MapGet("/v2/requests.{format}", ListAsync).WithName("Open311Requests").WithSummary("Reports this client filed (api_key required).");
        group.MapGet("/v2/requests/{id}.{format}", GetAsync).WithName("Open311Request").WithSummary("One report this client filed (api_key required).");
        return app;
    }

    private static bool Known(string format) => format is "xml" or "json";

    /// <summary>An unknown format is a resource that does not exist: 404 in Open311's error format (XML, the required one).</summary>
    private static IResult BadExtension(HttpContext http) => Error("xml", StatusCodes.Status404NotFound, Open311Errors.Describe(http, StatusCodes.Status404NotFound));

    private static IResult Error(string format, int status, string description) => Open311Document.Errors(status, description).ToResult(format, status);

    private static Task TooManyAsync(HttpContext http, CancellationToken ct)
    {
        var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var format = http.Request.RouteValues["format"] as string == "xml" ? "xml" : "json";
        return Error(format, StatusCodes.Status429TooManyRequests, t["Open311.TooMany"]).ExecuteAsync(http);
    }

    internal static IResult Discovery(string format, HttpContext http, IStringLocalizer<SharedResource> t)
    {
        if (!Known(format)) return BadExtension(http);
        var root = http.RequestServices.GetRequiredService<PublicLinks>().Root(http.Request);
        const string changeset = "2026-11-22T00:00:00Z";
        return new Open311Document("discovery", "discovery", [[
            new("changeset", changeset),
            new("contact", t["Open311.Contact"].Value),
            new("key_service", t["Open311.KeyService"].Value),
            new("endpoints", (IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>>)[[
                new("specification", "http://wiki.open311.org/GeoReport_v2"),
                new("url", root + Base),
                new("changeset", changeset),
                new("type", "production"),
                new("formats", (IReadOnlyList<string>)["text/xml", "application/json"]),
            ]]),
        ]], single: true).ToResult(format);
    }

    private static string Localized(Category c) =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is "en" or "fr" && c.NameLatin is { Length: > 0 } latin ? latin : c.Name;

    private static IQueryable<Category> Services(WaslDbContext db) =>
        db.Set<Category>().AsNoTracking().Where(c => c.IsActive && c.Type == RequestType.Report);

    private static Fields Service(Category c, Dictionary<int, Category> parents) =>
    [
        new("service_code", c.Id.ToString(CultureInfo.InvariantCulture)),
        new("service_name", Localized(c)),
        new("description", c.ParentId is { } p && parents.TryGetValue(p, out var parent) ? Localized(parent) : null),
        new("metadata", false),
        new("type", "realtime"),
        new("keywords", c.Code),
        new("group", c.ParentId is { } g && parents.TryGetValue(g, out var group) ? Localized(group) : Localized(c)),
    ];

    internal static async Task<IResult> ServicesAsync(string format, HttpContext http, WaslDbContext db, CancellationToken ct)
    {
        if (!Known(format)) return BadExtension(http);
        var all = await Services(db).OrderBy(c => c.Id).ToListAsync(ct);
        var byId = all.ToDictionary(c => c.Id);
        return new Open311Document("services", "service", [.. all.Select(c => Service(c, byId))]).ToResult(format);
    }

    internal static async Task<IResult> ServiceAsync(string code, string format, HttpContext http, WaslDbContext db, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (!Known(format)) return BadExtension(http);
        if (!int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !await Services(db).AnyAsync(c => c.Id == id, ct))
            return Error(format, StatusCodes.Status404NotFound, t["Open311.UnknownService"]);
        // No extra attributes: every service is fully described by the standard fields (metadata=false).
        return new Open311Document("service_definition", "service_definition", [[
            new("service_code", code),
            new("attributes", (IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>>)[]),
        ]], single: true).ToResult(format);
    }

    private static async Task<int?> ClientAsync(string? key, ApiClientStore clients, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(key) ? null : (await clients.AuthenticateAsync(key.Trim(), ct))?.Id;

    internal static async Task<IResult> SubmitAsync(
        string format, HttpContext http, WaslDbContext db, ApiClientStore clients, RequestIntake intake, IntakeChecks checks,
        IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (!Known(format)) return BadExtension(http);
        if (!http.Request.HasFormContentType) return Error(format, StatusCodes.Status415UnsupportedMediaType, t["Open311.FormExpected"]);
        if (http.Request.ContentLength > FormMax) return Error(format, StatusCodes.Status413PayloadTooLarge, t["Open311.Error.413"]);
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(FormLimits, ct);
        }
        catch (InvalidDataException e)
        {
            // A form over the limits (too many fields, a value too long) is too large; one that cannot be decoded
            // (a %00) is malformed: a client error either way, never a 500.
            return e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? Error(format, StatusCodes.Status413PayloadTooLarge, t["Open311.Error.413"])
                : Error(format, StatusCodes.Status400BadRequest, t["Open311.FormUnreadable"]);
        }
        // Read by hand, so cleaned by hand: the form binder that cleans the pages' fields does not run here.
        string? Field(string name) => form.TryGetValue(name, out var v) && FreeText.Clean(v.ToString()) is var text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

        if (await ClientAsync(Field("api_key"), clients, ct) is not { } clientId) return Error(format, StatusCodes.Status403Forbidden, t["Open311.KeyRequired"]);
        if (Field("service_code") is not { } code) return Error(format, StatusCodes.Status400BadRequest, t["Open311.Missing", "service_code"]);
        var category = int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var categoryId)
            ? await Services(db).SingleOrDefaultAsync(c => c.Id == categoryId, ct)
            : null;
        if (category is null) return Error(format, StatusCodes.Status404NotFound, t["Open311.UnknownService"]);

        // The shared intake checks report into one state; Open311 lists their messages (its errors carry no field names).
        var errors = new List<string>();
        var reported = new ModelStateDictionary();
        var location = checks.Location(reported, Field("lat"), Field("long"));
        var address = Capped(errors, t, "address_string", Field("address_string"), Request.AddressMax);
        var addressId = Capped(errors, t, "address_id", Field("address_id"), Request.AddressIdMax);
        var zipcode = Capped(errors, t, "zipcode", Field("zipcode"), Request.ZipcodeMax);
        if (location is null && Field("address_string") is null && Field("address_id") is null && reported.IsValid) errors.Add(t["Open311.LocationRequired"]);
        var description = Capped(errors, t, "description", Field("description"), DescriptionMax);
        var name = string.Join(' ', new[] { Field("first_name"), Field("last_name") }.Where(n => n is not null));
        if (name.Length > 200) errors.Add(t["Open311.TooLong", "first_name + last_name", 200]);
        var media = Field("media_url");
        if (media is not null && !IsWebAddress(media)) errors.Add(t["Open311.BadMediaUrl", Request.MediaUrlMax]);
        var (mobile, _) = checks.Contact(reported, Field("phone"), null, _ => "phone");
        var email = checks.Email(reported, "email", Field("email"));
        errors.AddRange(reported.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
        if (errors.Count > 0)
            return new Open311Document("errors", "error", [.. errors.Select(e => (IReadOnlyList<KeyValuePair<string, object?>>)[new("code", "400"), new("description", e)])])
                .ToResult(format, StatusCodes.Status400BadRequest);

        // The spec makes description optional: without one, the request is described by its service (the category's
        // name), so that staff and the client reading it back see what kind of report it is.
        var serviceName = Localized(category);
        description ??= serviceName;
        // Staff read the description: the address and the media link are added to it as well as kept in their own fields.
        var text = description;
        if (address is not null) text += "\n\n" + t["Open311.Address", address].Value;
        if (media is not null) text += "\n" + t["Open311.Media", media].Value;
        var firstLine = description.Split('\n')[0].Trim();
        var subject = firstLine.Length is >= 3 and <= 200 ? firstLine : serviceName;
        var submitted = await intake.SubmitAsync(new SubmitRequest(
            RequestType.Report, category.Id, null, subject, text.Length > 8000 ? text[..8000] : text,
            null, name, null, mobile, email, RequesterRole.Other, IntakeChannel.Api, location)
        { ApiClientId = clientId, Address = address, AddressId = addressId, Zipcode = zipcode, MediaUrl = media }, ct);
        return new Open311Document("service_requests", "request", [[
            new("service_request_id", submitted.Number),
            new("service_notice", submitted.GuestSecret is { } secret ? t["Open311.Notice", submitted.Number, secret].Value : null),
        ]]).ToResult(format);
    }

    private static string? Capped(List<string> errors, IStringLocalizer<SharedResource> t, string field, string? value, int max)
    {
        if (value is null || value.Length <= max) return value;
        errors.Add(t["Open311.TooLong", field, max]);
        return null;
    }

    /// <summary>An absolute http(s) address of bounded length: a link staff may open, never javascript:, data: or a file path.</summary>
    private static bool IsWebAddress(string text) =>
        text.Length <= Request.MediaUrlMax
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);

    private sealed record Row(string Number, RequestStatus Status, string? Resolution, int? CategoryId, string Description, string Unit, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, double? Latitude, double? Longitude,
        string? Address, string? AddressId, string? Zipcode, string? MediaUrl);

    /// <summary>The client's own requests: filter, order and take on this, then <see cref="RowsAsync"/>.</summary>
    private static IQueryable<Request> Own(WaslDbContext db, int clientId) => db.Set<Request>().AsNoTracking().Where(r => r.ApiClientId == clientId);

    private static Task<List<Row>> RowsAsync(IQueryable<Request> requests, WaslDbContext db, CancellationToken ct) =>
        requests.Join(db.Units, r => r.UnitId, u => u.Id, (r, u) => new Row(r.Number, r.Status, r.Resolution, r.CategoryId, r.Description, u.Name, r.CreatedAt, r.UpdatedAt, r.Latitude, r.Longitude,
                r.Address, r.AddressId, r.Zipcode, r.MediaUrl))
            .ToListAsync(ct);

    private static async Task<IResult> RequestsAsync(string format, IReadOnlyList<Row> rows, WaslDbContext db, CancellationToken ct)
    {
        var ids = rows.Where(r => r.CategoryId is not null).Select(r => r.CategoryId!.Value).Distinct().ToList();
        var categories = await db.Set<Category>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        return new Open311Document("service_requests", "request", [.. rows.Select(r =>
        {
            var closed = r.Status is RequestStatus.Resolved or RequestStatus.Closed;
            var category = r.CategoryId is { } c ? categories.GetValueOrDefault(c) : null;
            return (IReadOnlyList<KeyValuePair<string, object?>>)
            [
                new("service_request_id", r.Number),
                new("status", closed ? "closed" : "open"),
                new("status_notes", closed ? r.Resolution : null),
                new("service_name", category is null ? null : Localized(category)),
                new("service_code", r.CategoryId?.ToString(CultureInfo.InvariantCulture)),
                new("description", r.Description.Length > DescriptionMax ? r.Description[..DescriptionMax] : r.Description),
                new("agency_responsible", r.Unit),
                new("requested_datetime", Open311Document.Timestamp(r.CreatedAt)),
                new("updated_datetime", Open311Document.Timestamp(r.UpdatedAt)),
                new("address", r.Address),
                new("address_id", r.AddressId),
                new("zipcode", r.Zipcode),
                new("lat", r.Latitude),
                new("long", r.Longitude),
                new("media_url", r.MediaUrl),
            ];
        })]).ToResult(format);
    }

    internal static async Task<IResult> GetAsync(string id, string format, string? api_key, HttpContext http, WaslDbContext db, ApiClientStore clients, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (!Known(format)) return BadExtension(http);
        if (await ClientAsync(api_key, clients, ct) is not { } clientId) return Error(format, StatusCodes.Status403Forbidden, t["Open311.KeyRequired"]);
        var row = ReferenceNumber.TryParse(id, out var number)
            ? (await RowsAsync(Own(db, clientId).Where(r => r.Number == number.ToString()), db, ct)).SingleOrDefault()
            : null;
        return row is null ? Error(format, StatusCodes.Status404NotFound, t["Api.NotFound"]) : await RequestsAsync(format, [row], db, ct);
    }

    internal static async Task<IResult> ListAsync(
        string format, string? api_key, string? service_request_id, string? service_code, string? start_date, string? end_date, string? status,
        HttpContext http, WaslDbContext db, ApiClientStore clients, TimeProvider clock, IStringLocalizer<SharedResource> t, CancellationToken ct)
    {
        if (!Known(format)) return BadExtension(http);
        if (await ClientAsync(api_key, clients, ct) is not { } clientId) return Error(format, StatusCodes.Status403Forbidden, t["Open311.KeyRequired"]);
        var query = Own(db, clientId);
        if (!string.IsNullOrWhiteSpace(service_request_id))
        {
            // The list of ids overrides every other argument.
            var numbers = service_request_id.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(n => ReferenceNumber.TryParse(n, out var parsed) ? parsed.ToString() : null).Where(n => n is not null).Take(ListMax).ToList();
            return await RequestsAsync(format, await RowsAsync(query.Where(r => numbers.Contains(r.Number)).OrderByDescending(r => r.Id), db, ct), db, ct);
        }
        DateTimeOffset? start = null, end = null;
        if (!string.IsNullOrWhiteSpace(start_date) && !TryW3c(start_date, out start)) return Error(format, 400, t["Open311.BadDate", "start_date"]);
        if (!string.IsNullOrWhiteSpace(end_date) && !TryW3c(end_date, out end)) return Error(format, 400, t["Open311.BadDate", "end_date"]);
        var to = end ?? clock.GetUtcNow();
        var from = start ?? to - MaxSpan;
        if (from > to || to - from > MaxSpan) return Error(format, 400, t["Open311.Span"]);
        query = query.Where(r => r.CreatedAt >= from && r.CreatedAt <= to);
        if (!string.IsNullOrWhiteSpace(service_code))
        {
            var codes = service_code.Split(',', StringSplitOptions.TrimEntries).Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1).ToList();
            query = query.Where(r => r.CategoryId != null && codes.Contains(r.CategoryId.Value));
        }
        if (!string.IsNullOrWhiteSpace(status))
        {
            var wanted = status.Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var open = wanted.Contains("open");
            var closed = wanted.Contains("closed");
            if (!open && !closed) return Error(format, 400, t["Open311.BadStatus"]);
            if (!open) query = query.Where(r => r.Status == RequestStatus.Resolved || r.Status == RequestStatus.Closed);
            if (!closed) query = query.Where(r => r.Status != RequestStatus.Resolved && r.Status != RequestStatus.Closed);
        }
        return await RequestsAsync(format, await RowsAsync(query.OrderByDescending(r => r.Id).Take(ListMax), db, ct), db, ct);
    }

    /// <summary>W3C datetime with a required zone (Z or ±hh:mm), as the spec asks; nothing else parses.</summary>
    private static bool TryW3c(string text, out DateTimeOffset? value)
    {
        value = null;
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        if (!(text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':'))) return false;
        if (!DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        // PostgreSQL keeps instants in UTC: a +03:00 time is the same instant, written as UTC.
        value = parsed.ToUniversalTime();
        return true;
    }
}
