using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Platform.Identity;

/// <summary>Claim names Wasl adds to the sign-in cookie.</summary>
internal static class WaslClaims
{
    public const string Kind = "wasl:kind";
    public const string Administrator = "wasl:admin";
    public const string TwoFactor = "wasl:2fa";

    /// <summary>The account must use two-factor before it may do anything else (see <see cref="TwoFactorOptions"/>).</summary>
    public const string TwoFactorRequired = "wasl:2fa-required";
}

/// <summary>Adds the account kind, whether the person administers a unit, and whether two-factor is on or required.</summary>
internal sealed class WaslClaimsPrincipalFactory(UserManager<WaslUser> users, IOptions<IdentityOptions> options, WaslDbContext db, TwoFactorPolicy twoFactor)
    : UserClaimsPrincipalFactory<WaslUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(WaslUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(WaslClaims.Kind, user.Kind.ToString()));
        // The display name is the person's full name, not the user name (which may be a national ID).
        foreach (var name in identity.FindAll(identity.NameClaimType).ToList()) identity.RemoveClaim(name);
        identity.AddClaim(new Claim(identity.NameClaimType, user.FullName));
        if (user.TwoFactorEnabled) identity.AddClaim(new Claim(WaslClaims.TwoFactor, "true"));
        if (user.Kind == AccountKind.Staff && await db.RoleAssignments.AnyAsync(r => r.UserId == user.Id && r.Role == StaffRole.Administrator))
            identity.AddClaim(new Claim(WaslClaims.Administrator, "true"));
        if (user.Kind == AccountKind.Staff && await twoFactor.RequiredAsync(user.Id, CancellationToken.None))
            identity.AddClaim(new Claim(WaslClaims.TwoFactorRequired, "true"));
        return identity;
    }
}
