using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Files;

internal static class FilesRegistration
{
    /// <summary>The file store (local disk) and the limits of the "Files" configuration section.</summary>
    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<FilesOptions>(config.GetSection(FilesOptions.Section));
        services.AddSingleton<IFileStore, LocalDiskFileStore>();
        return services;
    }
}

/// <summary>
/// A page whose forms carry files: its posts may be as large as <see cref="FilesOptions.MaxUploadBodyBytes"/> (other
/// pages keep the server's smaller default), so a file that is too large reaches the page and is reported there by
/// name, with the rest of the form kept, instead of the server refusing the whole post. Runs before anything reads the form.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AcceptsUploadsAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public int Order => -10_000;

    public bool IsReusable => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new Limits(serviceProvider.GetRequiredService<IOptions<FilesOptions>>().Value.MaxUploadBodyBytes);

    private sealed class Limits(long maxBody) : IAuthorizationFilter, IOrderedFilter
    {
        public int Order => -10_000;

        public void OnAuthorization(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = maxBody;
            if (http.Request.HasFormContentType && http.Features.Get<IFormFeature>() is not { Form: not null })
                http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = maxBody }));
        }
    }
}
