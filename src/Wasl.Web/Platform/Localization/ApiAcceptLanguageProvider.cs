using Microsoft.AspNetCore.Localization;

namespace Wasl.Web.Platform.Localization;

/// <summary>Accept-Language decides the language for API calls only; pages stay Arabic-first whatever the browser says.</summary>
internal sealed class ApiAcceptLanguageProvider : RequestCultureProvider
{
    private readonly AcceptLanguageHeaderRequestCultureProvider header = new();

    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (!PlatformModule.IsApi(httpContext.Request)) return NullProviderCultureResult;
        header.Options = Options;
        return header.DetermineProviderCultureResult(httpContext);
    }
}
