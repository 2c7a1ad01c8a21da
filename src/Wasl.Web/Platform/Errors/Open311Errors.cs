using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Errors;

/// <summary>
/// Open311 GeoReport v2's own error document (research/open311-spec.md §9): XML <c>&lt;errors&gt;&lt;error&gt;&lt;code/&gt;&lt;description/&gt;</c>
/// or, for a <c>.json</c> path, the Spark array of <c>{code, description}</c>. Open311 clients parse this, never
/// ProblemDetails, so every error under /open311 is written here, whoever produces it (an endpoint, routing, the rate
/// limiter, an exception). XML is the answer when the path names no format: it is the format the spec requires.
/// </summary>
internal static class Open311Errors
{
    public static bool IsOpen311(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/open311", StringComparison.OrdinalIgnoreCase);
    }

    public static bool WantsJson(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.Value?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true;
    }

    /// <summary>One error whose code is the HTTP status.</summary>
    public static Task WriteAsync(HttpContext http, int status, string description) =>
        WriteAsync(http, status, status.ToString(CultureInfo.InvariantCulture), description);

    public static Task WriteAsync(HttpContext http, int status, string code, string description) =>
        WriteAsync(http, status, [(code, description)]);

    /// <summary>Several errors at once (the spec's body is a list: one per failed field).</summary>
    public static async Task WriteAsync(HttpContext http, int status, IReadOnlyList<(string Code, string Description)> errors)
    {
        ArgumentNullException.ThrowIfNull(http);
        var json = WantsJson(http.Request);
        http.Response.StatusCode = status;
        http.Response.ContentType = json ? "application/json; charset=utf-8" : "text/xml; charset=utf-8";
        await http.Response.WriteAsync(json ? Json(errors) : Xml(errors), Encoding.UTF8, http.RequestAborted);
    }

    /// <summary>The description of a status nobody described more precisely, in the caller's language (Accept-Language).</summary>
    public static string Describe(HttpContext http, int status)
    {
        ArgumentNullException.ThrowIfNull(http);
        var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        // Outside the localization middleware's scope (after it returned) the culture it chose is only on the feature.
        var culture = http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture;
        var before = CultureInfo.CurrentUICulture;
        try
        {
            if (culture is not null) CultureInfo.CurrentUICulture = culture;
            var text = t["Open311.Error." + status.ToString(CultureInfo.InvariantCulture)];
            return text.ResourceNotFound ? t["Open311.Error"] : text;
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    public static string Json(IEnumerable<(string Code, string Description)> errors)
    {
        using var stream = new MemoryStream();
        // Arabic stays readable UTF-8 (the answer is application/json, never embedded in HTML).
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var (code, description) in errors)
            {
                writer.WriteStartObject();
                writer.WriteString("code", code);
                writer.WriteString("description", description);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Xml(IEnumerable<(string Code, string Description)> errors)
    {
        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(sb, new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false }))
        {
            writer.WriteStartElement("errors");
            foreach (var (code, description) in errors)
            {
                writer.WriteStartElement("error");
                writer.WriteElementString("code", code);
                writer.WriteElementString("description", description);
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + sb;
    }
}

/// <summary>
/// Under /open311: an exception becomes a 500 (or the status of a bad request, e.g. 413) and an error status without a
/// body (no route, wrong method, the rate limiter) gets one, both in Open311's format instead of ProblemDetails.
/// </summary>
internal sealed class Open311ErrorMiddleware(RequestDelegate next, ILogger<Open311ErrorMiddleware> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        int status;
        try
        {
            await next(http);
            status = http.Response.StatusCode;
            if (http.Response.HasStarted || status < 400 || http.Response.ContentLength is not null || !string.IsNullOrEmpty(http.Response.ContentType)) return;
        }
        catch (BusinessRuleException rule) when (!http.Response.HasStarted)
        {
            // A rule that said no is the client's error, told in its language like any refused field.
            http.Response.Clear();
            var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            await Open311Errors.WriteAsync(http, StatusCodes.Status400BadRequest, [.. BusinessRules.Errors(rule, t).Values.SelectMany(m => m).Select(m => ("400", m))]);
            return;
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            status = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            if (status >= 500) log.LogError(e, "Unhandled exception in an Open311 call {Method} {Path}", http.Request.Method, http.Request.Path);
            http.Response.Clear();
        }
        await Open311Errors.WriteAsync(http, status, Open311Errors.Describe(http, status));
    }
}
