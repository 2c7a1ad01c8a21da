using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Audit;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Localization;

namespace Wasl.Web.Platform.Identity;

internal enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    RequiresTwoFactor,
    MobileNotConfirmed,
    DemoAccountRefused,
}

/// <summary>
/// Password sign-in for both entry points. The identifier may be a user name, an e-mail address or a mobile number.
/// A wrong entry point, an unknown account and a wrong password all fail the same way and take the same time.
/// </summary>
internal sealed class SignInFlow(
    WaslDbContext db,
    UserManager<WaslUser> users,
    SignInManager<WaslUser> signIn,
    IOptions<DeploymentOptions> deployment,
    IWebHostEnvironment environment,
    IPasswordHasher<WaslUser> hasher,
    AuditLog audit)
{
    // Verifying against a fixed hash when no account matches keeps failures indistinguishable by timing; it is made by
    // the application's own hasher, so it costs the same iterations as a real account's.
    private static string? _dummyHash;

    /// <summary>
    /// One query whatever the identifier is (user name, e-mail or mobile), so an unknown login costs the same round
    /// trips as a known one; the user name wins over the e-mail, the e-mail over the mobile.
    /// </summary>
    public async Task<WaslUser?> FindAsync(string identifier, AccountKind kind, CancellationToken ct)
    {
        var raw = identifier.Trim();
        if (raw.Length == 0) return null;
        var normalized = users.NormalizeName(raw);
        var email = raw.Contains('@', StringComparison.Ordinal) ? users.NormalizeEmail(raw) : null;
        var mobile = MobileNumbers.TryNormalize(raw, deployment.Value.Country, out var m) ? m : null;
        var matches = await db.Users
            .Where(u => u.Kind == kind && (u.NormalizedUserName == normalized || (email != null && u.NormalizedEmail == email) || (mobile != null && u.PhoneNumber == mobile)))
            .Take(3)
            .ToListAsync(ct);
        return matches.FirstOrDefault(u => u.NormalizedUserName == normalized)
            ?? matches.FirstOrDefault(u => email != null && u.NormalizedEmail == email)
            ?? matches.FirstOrDefault(u => mobile != null && u.PhoneNumber == mobile);
    }

    /// <summary>Signs in with a password; every outcome is written to the audit trail once (the account tried, never the password or the login typed).</summary>
    public async Task<(SignInOutcome Outcome, WaslUser? User)> PasswordSignInAsync(string identifier, string password, AccountKind kind, CancellationToken ct)
    {
        var (outcome, user) = await CheckAsync(identifier, password, kind, ct);
        var action = outcome switch
        {
            SignInOutcome.Succeeded => AuditActions.SignIn,
            SignInOutcome.LockedOut => AuditActions.SignInLockedOut,
            SignInOutcome.RequiresTwoFactor => AuditActions.SignInPasswordAccepted,
            SignInOutcome.MobileNotConfirmed => AuditActions.SignInMobileUnconfirmed,
            _ => AuditActions.SignInFailed,
        };
        await audit.WriteAsync(new AuditRecord(action, "Account", user?.Id.ToString(), user?.HomeUnitId, new { kind = kind.ToString(), outcome = outcome.ToString() })
        {
            ActorId = user?.Id,
            ActorName = user?.FullName,
        }, ct);
        return (outcome, user);
    }

    private async Task<(SignInOutcome Outcome, WaslUser? User)> CheckAsync(string identifier, string password, AccountKind kind, CancellationToken ct)
    {
        var user = await FindAsync(identifier, kind, ct);
        if (user is null || !user.IsActive)
        {
            hasher.VerifyHashedPassword(new WaslUser(), _dummyHash ??= hasher.HashPassword(new WaslUser(), Guid.NewGuid().ToString()), password);
            return (SignInOutcome.Failed, null);
        }
        if (user.IsDemo && !environment.IsDevelopment())
        {
            // Refused like a wrong password, after the same work.
            hasher.VerifyHashedPassword(user, user.PasswordHash ?? (_dummyHash ??= hasher.HashPassword(new WaslUser(), Guid.NewGuid().ToString())), password);
            return (SignInOutcome.DemoAccountRefused, user);
        }

        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut) return (SignInOutcome.LockedOut, user);
        if (!result.Succeeded) return (SignInOutcome.Failed, user);
        if (kind == AccountKind.Beneficiary && !user.PhoneNumberConfirmed) return (SignInOutcome.MobileNotConfirmed, user);

        if (user.TwoFactorEnabled)
        {
            // Hands over to the second step: the two-factor cookie names the account, the password step is done.
            var twoFactor = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
            return (twoFactor.RequiresTwoFactor ? SignInOutcome.RequiresTwoFactor : twoFactor.Succeeded ? SignInOutcome.Succeeded : SignInOutcome.Failed, user);
        }
        await signIn.SignInAsync(user, isPersistent: false);
        return (SignInOutcome.Succeeded, user);
    }

    public async Task<DateTimeOffset?> LockoutEndAsync(WaslUser user) => await users.GetLockoutEndDateAsync(user);
}
