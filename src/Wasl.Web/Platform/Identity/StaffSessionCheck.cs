using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;

namespace Wasl.Web.Platform.Identity;

/// <summary>
/// Staff sessions are checked against the database on every request (ASVS 3.3.1, 3.3.3): one primary-key read of the
/// account's security stamp and active flag. Sign-out, deactivation, a new password or new roles change the stamp, so
/// every copy of the cookie, on every node, is refused at its next request, whatever Identity:RevalidateSeconds says.
/// Beneficiaries keep Identity's periodic check (their sessions reach only their own requests).
/// </summary>
internal static class StaffSessionCheck
{
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal?.FindFirstValue(WaslClaims.Kind) == nameof(AccountKind.Staff))
        {
            var services = context.HttpContext.RequestServices;
            var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
            var stamp = principal.FindFirstValue(stampClaim);
            var valid = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
                && stamp is not null
                && await services.GetRequiredService<WaslDbContext>().Users.AsNoTracking()
                    .AnyAsync(u => u.Id == id && u.IsActive && u.SecurityStamp == stamp, context.HttpContext.RequestAborted);
            if (!valid)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
        }
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }
}
