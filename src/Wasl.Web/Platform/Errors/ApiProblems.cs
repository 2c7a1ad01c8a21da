using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Errors;

/// <summary>
/// The JSON API's ProblemDetails in the caller's Accept-Language: the framework writes some of them itself (401 from
/// the key check, 400 for a body that is not JSON, 404 for no route, 415, 413, 500) with English default titles; those
/// titles are replaced by ours. Titles an endpoint chose are already localized and stay.
/// </summary>
internal static class ApiProblems
{
    public static void Localize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status is not { } status) return;
        var framework = problem.Title is null || problem.Title == ReasonPhrases.GetReasonPhrase(status) || status >= 500;
        if (!framework) return;
        var http = context.HttpContext;
        var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        // The status code pages and exception handler run after the localization middleware returned: its culture is on the feature only.
        var culture = http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture;
        var before = CultureInfo.CurrentUICulture;
        try
        {
            if (culture is not null) CultureInfo.CurrentUICulture = culture;
            var title = t["Api.Status." + status.ToString(CultureInfo.InvariantCulture)];
            if (!title.ResourceNotFound) problem.Title = title;
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
