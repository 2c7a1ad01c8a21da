using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wasl.Web.Platform.Security;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>The confirmation: number and (for guests) the secret, large and clear, shown once.</summary>
[AllowAnonymous]
internal sealed class SubmittedModel(TimeProvider clock) : PageModel
{
    public string Number { get; private set; } = "";
    public string? Secret { get; private set; }

    /// <summary>A QR code of the tracking page's address (never of the secret), for the printed receipt.</summary>
    public string TrackingQr { get; private set; } = "";
    public string TrackingUrl { get; private set; } = "";
    public DateTimeOffset IssuedAt { get; private set; }

    public IActionResult OnGet()
    {
        // Read once: reloading the page does not show the secret again.
        if (TempData[NewModel.ReceiptKey] is not string receipt) return Redirect("/requests/track");
        var parts = receipt.Split('|');
        Number = parts[0];
        Secret = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        TrackingUrl = HttpContext.RequestServices.GetRequiredService<PublicLinks>().Root(Request) + "/requests/track";
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(TrackingUrl, QRCoder.QRCodeGenerator.ECCLevel.M);
        TrackingQr = "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(new QRCoder.SvgQRCode(data).GetGraphic(4)));
        IssuedAt = clock.GetUtcNow();
        return Page();
    }
}
