using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Organization;

namespace Wasl.Tests;

/// <summary>Staff sessions the tests need beyond a plain sign-in: with an authenticator, and administrators of one subtree.</summary>
internal static class StaffSignIn
{
    /// <summary>Signs a staff member in with an authenticator (administrators must use one): the test plays the phone.</summary>
    public static async Task<WebSession> WithTwoFactorAsync(AppFixture fixture, string userName)
    {
        string key;
        using (var scope = fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<WaslUser>>();
            var user = (await users.FindByNameAsync(userName))!;
            if (!await users.GetTwoFactorEnabledAsync(user))
            {
                await users.ResetAuthenticatorKeyAsync(user);
                await users.SetTwoFactorEnabledAsync(user, true);
            }
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }
        var s = WebSession.Start(fixture.App);
        var response = await s.SignInAsync(userName, DemoData.Password);
        Assert.StartsWith("/staff/sign-in/two-factor", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await ForgetAcceptedCodeAsync(fixture, userName);
        var done = await s.SubmitAsync("/staff/sign-in/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.DoesNotContain("two-factor", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        return s;
    }

    /// <summary>
    /// A code is accepted once, and tests sign one account in many times within a 30-second step, which a person with
    /// a phone cannot: forget the step the account last used, so the current code works again.
    /// </summary>
    public static async Task ForgetAcceptedCodeAsync(AppFixture fixture, string userName)
    {
        using var scope = fixture.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        await db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastTotpTimeStep, (long?)null));
    }

    /// <summary>An administrator of one unit's subtree only (not in the demo data), created once per application.</summary>
    public static async Task<WebSession> SubtreeAdministratorAsync(AppFixture fixture, string userName, string unitCode, string mobile)
    {
        using (var scope = fixture.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<WaslUser>>();
            if (await users.FindByNameAsync(userName) is null)
            {
                var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
                var unit = await db.Units.Where(u => u.Code == unitCode).Select(u => u.Id).SingleAsync();
                var user = new WaslUser { UserName = userName, FullName = "مدير بيانات " + unitCode, PhoneNumber = mobile, Kind = AccountKind.Staff, HomeUnitId = unit, CreatedAt = fixture.App.Clock.GetUtcNow() };
                Assert.True((await users.CreateAsync(user, DemoData.Password)).Succeeded);
                db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = StaffRole.Administrator, UnitId = unit });
                await db.SaveChangesAsync();
            }
        }
        return await WithTwoFactorAsync(fixture, userName);
    }
}
