namespace Wasl.Web.Platform.Identity;

/// <summary>
/// Staff who must use two-factor (administrators, and by default every role reading personal data beyond its own unit:
/// see <see cref="TwoFactorOptions"/>) can do nothing but set it up (or sign out) until it is on.
/// </summary>
internal sealed class RequireAdministratorTwoFactorMiddleware(RequestDelegate next)
{
    public const string SetupPath = "/staff/security/two-factor";

    public Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && user.HasClaim(WaslClaims.TwoFactorRequired, "true")
            && !user.HasClaim(WaslClaims.TwoFactor, "true")
            && !context.Request.Path.StartsWithSegments(SetupPath)
            && !context.Request.Path.StartsWithSegments("/account/sign-out")
            && !context.Request.Path.StartsWithSegments("/error")
            && !context.Request.Path.StartsWithSegments("/health")
            && !Security.StaticAssets.IsStatic(context.Request.Path))
        {
            context.Response.Redirect(SetupPath);
            return Task.CompletedTask;
        }
        return next(context);
    }
}
