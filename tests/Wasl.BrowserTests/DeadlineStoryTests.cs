using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using Wasl.Web.Modules.Requests;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>
/// Issue 4 as the coordinator of the Riyadh directorate lives it, in Arabic, in a real browser: a complaint to a school
/// shows its time left in working hours; a week later it shows in the "overdue" queue, overdue by working hours; the
/// sweeper sends it one level up on its own, the timeline says so, and the notification count in the header tells
/// the coordinator, whose notification centre holds the notice. The application clock is frozen at chosen instants.
/// </summary>
public sealed class DeadlineStoryTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly TimeSpan Riyadh = TimeSpan.FromHours(3);

    private async Task<string> FileComplaintAsync()
    {
        using var scope = fixture.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        var school = await db.Units.Where(u => u.Code == "RIY-S1").Select(u => u.Id).SingleAsync();
        var filed = await scope.ServiceProvider.GetRequiredService<RequestIntake>().SubmitAsync(new SubmitRequest(
            RequestType.Complaint, null, school, "تأخر تسليم الكتب المدرسية", "لم تُسلّم كتب الصف الرابع حتى الآن.", null, "ولي أمر", null,
            "+966551112233", null, RequesterRole.Parent, IntakeChannel.Portal), CancellationToken.None);
        return filed.Number;
    }

    private async Task<IPage> CoordinatorAsync()
    {
        var page = await fixture.NewPageAsync();
        await PageSteps.SignInStaffAsync(page, "coordinator", DemoData.Password);
        return page;
    }

    [SkippableFact]
    public async Task A_late_complaint_shows_its_working_time_goes_up_a_level_on_its_own_and_the_coordinator_is_told()
    {
        fixture.Require();
        fixture.Clock.Freeze(new DateTimeOffset(2027, 11, 21, 8, 0, 0, Riyadh)); // Sunday 08:00
        try
        {
            var number = await FileComplaintAsync();
            var page = await CoordinatorAsync();
            await page.GotoAsync("/staff/requests");
            var row = page.Locator("#queue tbody tr", new() { HasText = number });
            // 35 working hours ahead (5 days × 7 h), shown in the resources' Arabic words.
            Assert.Equal("متبقٍ 35 س 0 د", (await row.Locator(".deadline-running").InnerTextAsync()).Trim());
            await fixture.ScreenshotAsync(page, "deadline-1-queue-time-left-ar");

            // Next Monday 09:00: due on Sunday 08:00, so 6.5 h on Sunday and 1.5 h on Monday overdue.
            fixture.Clock.Freeze(new DateTimeOffset(2027, 11, 29, 9, 0, 0, Riyadh));
            page = await CoordinatorAsync();
            await page.GotoAsync("/staff/requests?queue=Overdue");
            row = page.Locator("#queue tbody tr", new() { HasText = number });
            Assert.Equal("متأخر 8 س 0 د", (await row.Locator(".deadline-overdue").InnerTextAsync()).Trim());
            await fixture.ScreenshotAsync(page, "deadline-2-overdue-queue-ar");

            var options = fixture.Services.GetRequiredService<IOptions<DeadlineOptions>>().Value;
            await DeadlineSweeper.TickAsync(fixture.Services.GetRequiredService<IServiceScopeFactory>(), options, CancellationToken.None);

            await page.GotoAsync($"/staff/requests/{number}");
            Assert.Equal("1", (await page.Locator("#deadline-escalations").InnerTextAsync()).Trim());
            var escalated = page.Locator("#timeline li[data-kind='Escalated']");
            Assert.Contains("تلقائيًا", await escalated.InnerTextAsync(), StringComparison.Ordinal);
            Assert.Contains("الإدارة العامة للتعليم بمنطقة الرياض", await escalated.InnerTextAsync(), StringComparison.Ordinal);
            await fixture.ScreenshotAsync(page, "deadline-3-escalated-timeline-ar");

            await page.GotoAsync("/notifications");
            Assert.Contains($"صُعّد إليكم الطلب \u2068{number}\u2069", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            await fixture.ScreenshotAsync(page, "deadline-4-notification-centre-ar");
        }
        finally
        {
            fixture.Clock.Reset();
        }
    }
}
