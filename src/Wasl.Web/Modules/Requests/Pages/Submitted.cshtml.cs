using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Wasl.Web.Modules.Requests.Pages;

/// <summary>The confirmation: number and (for guests) the secret, large and clear, shown once.</summary>
[AllowAnonymous]
public sealed class SubmittedModel : PageModel
{
    public string Number { get; private set; } = "";
    public string? Secret { get; private set; }

    public IActionResult OnGet()
    {
        // Read once: reloading the page does not show the secret again.
        if (TempData[NewModel.ReceiptKey] is not string receipt) return Redirect("/requests/track");
        var parts = receipt.Split('|');
        Number = parts[0];
        Secret = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        return Page();
    }
}
