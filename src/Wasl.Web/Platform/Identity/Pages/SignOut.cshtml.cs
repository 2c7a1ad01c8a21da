using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Wasl.Web.Platform.Identity.Pages;

/// <summary>
/// Sign-out is a POST with an anti-forgery token; the security stamp changes so copies of the cookie die too. Open to
/// guests: a session that already ended still signs out to the home page instead of a sign-in form.
/// </summary>
[Microsoft.AspNetCore.Authorization.AllowAnonymous]
internal sealed class SignOutModel(SignInManager<WaslUser> signIn, UserManager<WaslUser> users) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is not null) await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return Redirect("/");
    }
}
