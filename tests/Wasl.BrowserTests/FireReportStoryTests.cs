using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Wasl.Web.Modules.Requests.Domain;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Demo;

namespace Wasl.Tests;

/// <summary>
/// Seed 004's story end to end, in Arabic, in a real browser (issue 3 acceptance): a guest reports a fire at a school
/// with a photo and a map pin, the report reaches the school whose area holds the pin, a coordinator marks it very
/// important, notes and forwards it, another coordinator resolves it, the guest objects, it reopens one level up,
/// the supervisor resolves it, and the guest rates it. Every step is on the timeline.
/// </summary>
public sealed class FireReportStoryTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    // A 1×1 PNG: the "photo" the guest attaches (checked by content on the server).
    private static readonly byte[] Photo = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private static Task SubmitAsync(IPage page, string button) => PageSteps.SubmitAsync(page, button);

    private async Task<IPage> StaffAsync(string login)
    {
        var page = await fixture.NewPageAsync();
        await PageSteps.SignInStaffAsync(page, login, DemoData.Password);
        return page;
    }

    private async Task ActAsync(IPage staff, string number, string handler, string? text = null, string? unitValue = null)
    {
        await staff.GotoAsync($"/staff/requests/{number}");
        if (text is not null) await staff.FillAsync("#Action_Text", text);
        if (unitValue is not null) await staff.SelectOptionAsync("#Action_UnitId", unitValue);
        await SubmitAsync(staff, $"#text-actions button[formaction='?handler={handler}']");
        Assert.Null(await staff.QuerySelectorAsync(".error-summary"));
    }

    private async Task<string> UnitOfAsync(string number)
    {
        using var scope = fixture.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaslDbContext>();
        return await db.Set<Request>().Where(r => r.Number == number).Join(db.Units, r => r.UnitId, u => u.Id, (r, u) => u.Code).SingleAsync();
    }

    private async Task<int> UnitIdAsync(string code)
    {
        using var scope = fixture.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WaslDbContext>().Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync();
    }

    [SkippableFact]
    public async Task A_guests_fire_report_is_routed_by_its_pin_handled_objected_to_resolved_above_and_rated()
    {
        fixture.Require();

        // 1. The guest reports a fire at a school, with a photo and a pin, in Arabic.
        var guest = await fixture.NewPageAsync();
        await guest.GotoAsync("/");
        await guest.ClickAsync("[data-service=report] a");
        await guest.WaitForURLAsync("**/requests/new?type=Report");
        await guest.SelectOptionAsync("#Input_CategoryId", new SelectOptionValue { Label = "حريق" });
        await guest.FillAsync("#Input_Subject", "حريق في مختبر المدرسة");
        await guest.FillAsync("#Input_Description", "اشتعلت النار في مختبر العلوم بالمدرسة والدخان يملأ الممر، تم إخلاء الطلاب.");
        await guest.FillAsync("#Input_Name", "حارس المدرسة");
        await guest.FillAsync("#Input_Mobile", "٠٥٥٤٤٤٣٣٢٢");
        var map = guest.Locator("#location-map.leaflet-container");
        await map.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });
        await map.ClickAsync(); // the map opens on central Riyadh: school RIY-S1's demo area
        await guest.Locator("#location-map .leaflet-marker-icon").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await guest.SetInputFilesAsync("#Files", new FilePayload { Name = "صورة-الحريق.png", MimeType = "image/png", Buffer = Photo });
        await PageSteps.WaitForChallengeAsync(guest);
        await SubmitAsync(guest, "main form button[type=submit]");

        // 2. Number and secret, large and clear.
        await guest.WaitForURLAsync("**/requests/submitted");
        var number = (await guest.TextContentAsync("#request-number"))!;
        var secret = (await guest.TextContentAsync("#request-secret"))!;
        Assert.StartsWith("WSL-", number, StringComparison.Ordinal);
        await fixture.ScreenshotAsync(guest, "story-1-receipt-ar");

        // 3. It lands in the queue of the school whose area holds the pin; the Riyadh coordinator (that subtree) sees it.
        Assert.Equal("RIY-S1", await UnitOfAsync(number));
        var riyadh = await StaffAsync("coordinator");
        await riyadh.GotoAsync("/staff/requests?queue=New");
        Assert.Contains(number, await riyadh.TextContentAsync("#queue"), StringComparison.Ordinal);
        await fixture.ScreenshotAsync(riyadh, "story-queue-ar");
        await riyadh.GotoAsync($"/staff/requests/{number}");
        Assert.Contains("صورة-الحريق.png", await riyadh.TextContentAsync("#attachments"), StringComparison.Ordinal);
        await riyadh.Locator("#request-map .leaflet-marker-icon").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 15_000 });

        // 4. Very important, an internal note, and forwarded with a reason.
        await riyadh.SelectOptionAsync("#Action_Importance", "VeryImportant");
        await SubmitAsync(riyadh, "form[action*='handler=Importance'] button[type=submit]");
        Assert.Contains("هام جدًا", await riyadh.TextContentAsync("#request"), StringComparison.Ordinal);
        await ActAsync(riyadh, number, "Note", text: "ملاحظة داخلية: تم إبلاغ الدفاع المدني هاتفيًا.");
        await fixture.ScreenshotAsync(riyadh, "story-2-detail-coordinator-ar");
        await ActAsync(riyadh, number, "Forward", text: "الإصلاح من اختصاص فريق السلامة في إدارة مكة.", unitValue: (await UnitIdAsync("MKK")).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("MKK", await UnitOfAsync(number));

        // 5. The receiving coordinator resolves it.
        var makkah = await StaffAsync("coordinator2");
        await ActAsync(makkah, number, "Resolve", text: "أُخمد الحريق وأُصلح المختبر وفُحصت أنظمة الإطفاء.");

        // 6. The guest sees the solution but never the internal note, and objects.
        await guest.GotoAsync("/requests/track");
        await guest.FillAsync("#Number", number);
        await guest.FillAsync("#Secret", secret);
        await SubmitAsync(guest, "main form button[type=submit]");
        Assert.Equal("تم الحل", await guest.TextContentAsync("#status"));
        var body = (await guest.TextContentAsync("main"))!;
        Assert.Contains("أُخمد الحريق", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ملاحظة داخلية", body, StringComparison.Ordinal);
        Assert.Contains("صورة-الحريق.png", await guest.TextContentAsync("#attachments"), StringComparison.Ordinal);
        await fixture.ScreenshotAsync(guest, "story-3-tracking-resolved-ar");
        await guest.FillAsync("#objection", "ما زالت رائحة الدخان في المختبر ولم تُفحص الأسلاك.");
        await SubmitAsync(guest, "#object-form button[type=submit]");

        // 7. It reopens one level up: the parent of Makkah's directorate, the ministry centre.
        Assert.Equal("MOE", await UnitOfAsync(number));
        Assert.Equal("أعيد فتحه", await guest.TextContentAsync("#status"));

        // 8. The supervisor resolves it.
        var supervisor = await StaffAsync("supervisor");
        await ActAsync(supervisor, number, "Resolve", text: "فُحصت الأسلاك واستُبدلت التالفة، والمختبر آمن.");

        // 9. The guest rates it.
        await guest.GotoAsync($"/requests/track?number={number}");
        Assert.Equal("تم الحل", await guest.TextContentAsync("#status"));
        await guest.CheckAsync("#score-5");
        await SubmitAsync(guest, "#rate-form button[type=submit]");
        Assert.Null(await guest.QuerySelectorAsync("#rate-form"));

        // Every step is on the timeline, with who acted, in which position, and when.
        await supervisor.GotoAsync($"/staff/requests/{number}");
        var kinds = await supervisor.Locator("#timeline > li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.kind)");
        Assert.Equal(
            ["Submitted", "Routed", "ImportanceChanged", "InternalNote", "Forwarded", "Resolved", "Objected", "Resolved", "Rated"],
            kinds);
        var timeline = (await supervisor.TextContentAsync("#timeline"))!;
        Assert.Contains("منسق إدارة تعليم الرياض", timeline, StringComparison.Ordinal);
        Assert.Contains("منسق إدارة تعليم مكة المكرمة", timeline, StringComparison.Ordinal);
        Assert.Contains("بصفة وكيل الوزارة", timeline, StringComparison.Ordinal);
        Assert.Contains("راضٍ جدًا", await supervisor.TextContentAsync("#timeline > li[data-kind='Rated']"), StringComparison.Ordinal);
        Assert.Equal(kinds.Length, await supervisor.Locator("#timeline > li > time[datetime]").CountAsync());
        await fixture.ScreenshotAsync(supervisor, "story-4-timeline-ar");
    }
}
