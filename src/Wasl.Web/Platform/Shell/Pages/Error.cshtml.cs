using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wasl.Web.Platform.Files;

namespace Wasl.Web.Platform.Shell.Pages;

/// <summary>Every error ends here, localized, with a reference for the help desk and never a stack trace.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public int Code { get; private set; } = 500;
    public string RequestId { get; private set; } = "";

    public void OnGet(int? code) => Handle(code);

    public void OnPost(int? code) => Handle(code);

    private void Handle(int? code)
    {
        Code = code ?? 500;
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var failure = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (failure?.Error is FileStoreUnavailableException)
        {
            // The store or the scanner is down (logged where it failed): "try again later", not "something went wrong".
            Code = 503;
            logger.LogWarning("File store unavailable on {Path} (request {RequestId})", failure.Path, RequestId);
        }
        else if (failure is not null)
            logger.LogError(failure.Error, "Unhandled error on {Path} (request {RequestId})", failure.Path, RequestId);
        Response.StatusCode = Code;
    }

    public string Key => Code switch
    {
        400 => "Error.400",
        403 => "Error.403",
        404 => "Error.404",
        413 => "Error.413",
        429 => "Error.429",
        503 => "Error.503",
        _ => "Error.500",
    };
}
