using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Security;

/// <summary>
/// Every POST to the page must carry a solved bot challenge (the widget); otherwise the form comes back
/// with a localized error and everything the person typed.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class RequireBotChallengeAttribute : Attribute, IAsyncPageFilter
{
    public const string ErrorKey = "bot-check";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (HttpMethods.IsPost(request.Method))
        {
            var services = context.HttpContext.RequestServices;
            var challenge = services.GetRequiredService<BotChallenge>();
            var ok = request.HasFormContentType && await challenge.VerifyAsync(await request.ReadFormAsync(context.HttpContext.RequestAborted), context.HttpContext.RequestAborted);
            if (!ok)
            {
                var t = services.GetRequiredService<IStringLocalizer<SharedResource>>();
                context.ModelState.AddModelError(ErrorKey, t["BotChallenge.Failed"]);
                services.GetRequiredService<ILogger<RequireBotChallengeAttribute>>()
                    .LogWarning("Bot challenge failed on {Path}", request.Path.Value);
            }
        }
        await next();
    }
}
