using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Errors;

/// <summary>
/// The JSON API's side of <see cref="BusinessRules"/>: a rule that said no inside an endpoint is a 400 validation
/// ProblemDetails naming the field (like any other refused input), in the caller's language, never a 500. Open311
/// calls get the same message in their own error document (<see cref="Open311ErrorMiddleware"/>).
/// </summary>
internal sealed class BusinessRuleProblems(IStringLocalizer<SharedResource> t) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Pages map rules to their form themselves (BusinessRules.AddTo); one that escapes a page is a defect for the error page.
        if (exception is not BusinessRuleException rule || httpContext.Response.HasStarted || !PlatformModule.IsApi(httpContext.Request)) return false;
        await TypedResults.ValidationProblem(BusinessRules.Errors(rule, t), title: t["Api.ValidationTitle"]).ExecuteAsync(httpContext);
        return true;
    }
}
