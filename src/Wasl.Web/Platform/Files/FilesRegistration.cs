using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Operations;

namespace Wasl.Web.Platform.Files;

internal static class FilesRegistration
{
    /// <summary>
    /// The file store (local disk, or S3 with Files:Store = S3), the virus scanner (none, or clamd with Files:Scanner =
    /// Clamd) and the limits of the "Files" configuration section, checked at start.
    /// </summary>
    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration config)
    {
        services.AddSettings<FilesOptions, FilesOptionsValidator>(config, FilesOptions.Section);
        var section = config.GetSection(FilesOptions.Section);
        var store = section.GetValue(nameof(FilesOptions.Store), FileStoreKind.Disk);
        var scanner = section.GetValue(nameof(FilesOptions.Scanner), FileScannerKind.None);
        if (store == FileStoreKind.S3) services.AddSingleton<IFileStore, S3FileStore>();
        else services.AddSingleton<IFileStore, LocalDiskFileStore>();
        if (scanner == FileScannerKind.Clamd) services.AddSingleton<IFileScanner, ClamdFileScanner>();
        else services.AddSingleton<IFileScanner, NoFileScanner>();
        return services;
    }
}

/// <summary>
/// A page whose forms carry files: its posts may be as large as <see cref="FilesOptions.MaxUploadBodyBytes"/> (other
/// pages keep the server's smaller default), so a file that is too large reaches the page and is reported there by
/// name, with the rest of the form kept, instead of the server refusing the whole post. Runs before anything reads the form.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class AcceptsUploadsAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public int Order => -10_000;

    public bool IsReusable => false;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new Limits(serviceProvider.GetRequiredService<IOptions<FilesOptions>>().Value.MaxUploadBodyBytes);

    private sealed class Limits(long maxBody) : IAsyncAuthorizationFilter, IOrderedFilter
    {
        public int Order => -10_000;

        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = maxBody;
            if (!http.Request.HasFormContentType || http.Features.Get<IFormFeature>() is { Form: not null }) return;
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = maxBody }));
            // Read the form here, once (later readers get it from the feature): a body beyond the limit becomes the
            // localized "too large" page (413) instead of an error deep inside anti-forgery or model binding.
            try
            {
                if (http.Request.ContentLength > maxBody) throw new InvalidDataException("The body is larger than the upload limit.");
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                http.RequestServices.GetRequiredService<ILogger<AcceptsUploadsAttribute>>().LogWarning("Upload body over {Limit} bytes refused on {Path}", maxBody, http.Request.Path.Value);
                // The error page that answers reads the form too: it finds an empty one instead of the same failure.
                http.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
            }
        }
    }
}
