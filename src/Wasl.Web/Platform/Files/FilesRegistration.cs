using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Wasl.Web.Platform.Files;

internal static class FilesRegistration
{
    /// <summary>
    /// The file store (local disk, or S3 with Files:Store = S3), the virus scanner (none, or clamd with Files:Scanner =
    /// Clamd) and the limits of the "Files" configuration section, checked at start.
    /// </summary>
    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<FilesOptions>().Bind(config.GetSection(FilesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FilesOptions>, FilesOptionsValidator>();
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

/// <summary>The "Files" settings, refused at start with the key that is wrong.</summary>
internal sealed class FilesOptionsValidator : IValidateOptions<FilesOptions>
{
    public ValidateOptionsResult Validate(string? name, FilesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.MaxFileBytes <= 0) errors.Add("Files:MaxFileBytes must be greater than 0.");
        if (options.MaxFilesPerSubmission <= 0) errors.Add("Files:MaxFilesPerSubmission must be greater than 0.");
        if (options.MaxFilesPerRequest <= 0) errors.Add("Files:MaxFilesPerRequest must be greater than 0.");
        if (options.Store == FileStoreKind.S3)
        {
            var s3 = options.S3;
            if (!Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                errors.Add("Files:S3:ServiceUrl must be an absolute http or https URL when Files:Store is S3.");
            // S3's bucket naming rules: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit.
            if (string.IsNullOrWhiteSpace(s3.Bucket) || !System.Text.RegularExpressions.Regex.IsMatch(s3.Bucket, "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"))
                errors.Add("Files:S3:Bucket must be a valid bucket name (3 to 63 lower-case letters, digits, dots or hyphens) when Files:Store is S3.");
            if (string.IsNullOrWhiteSpace(s3.AccessKey)) errors.Add("Files:S3:AccessKey is required when Files:Store is S3.");
            if (string.IsNullOrWhiteSpace(s3.SecretKey)) errors.Add("Files:S3:SecretKey is required when Files:Store is S3.");
            if (string.IsNullOrWhiteSpace(s3.Region)) errors.Add("Files:S3:Region is required when Files:Store is S3.");
            if (s3.TimeoutSeconds is < 1 or > 600) errors.Add("Files:S3:TimeoutSeconds must be between 1 and 600.");
        }
        if (options.Scanner == FileScannerKind.Clamd)
        {
            var clamd = options.Clamd;
            if (string.IsNullOrWhiteSpace(clamd.Host)) errors.Add("Files:Clamd:Host is required when Files:Scanner is Clamd.");
            if (clamd.Port is < 1 or > 65535) errors.Add("Files:Clamd:Port must be between 1 and 65535.");
            if (clamd.TimeoutSeconds is < 1 or > 600) errors.Add("Files:Clamd:TimeoutSeconds must be between 1 and 600.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
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
