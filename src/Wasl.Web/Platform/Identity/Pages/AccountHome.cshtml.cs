using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>The beneficiary's own page: who they are; the request modules add their lists here.</summary>
[Authorize(Policy = PlatformModule.BeneficiaryPolicy)]
internal sealed class AccountHomeModel(UserManager<WaslUser> users) : PageModel
{
    public WaslUser? Account { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Account = await users.GetUserAsync(User);
        return Account is null ? Challenge() : Page();
    }
}
