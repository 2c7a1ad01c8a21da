using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Demo;
using Wasl.Web.Platform.Identity;

namespace Wasl.Tests;

/// <summary>
/// Working calendars per unit and the deadline targets, set through their admin pages: what is typed (in Arabic-Indic
/// digits, in Hijri dates) is stored canonical and Gregorian, with a recompute job in the same transaction; what is
/// wrong is refused and kept; the pages do not exist for anyone outside the right subtree.
/// </summary>
public abstract class CalendarAdminTests(AppFixture fixture)
{
    private async Task<T> DbAsync<T>(Func<WaslDbContext, Task<T>> read)
    {
        using var scope = fixture.App.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<WaslDbContext>());
    }

    private Task<int> UnitIdAsync(string code) => DbAsync(db => db.Units.Where(u => u.Code == code).Select(u => u.Id).SingleAsync());

    private Task<int> JobsForAsync(int unitId) => DbAsync(db => db.Set<DeadlineRecomputeJob>().CountAsync(j => j.UnitId == unitId && j.Subject == "Request"));

    private Task<WebSession> RiyadhAdministratorAsync() => StaffSignIn.SubtreeAdministratorAsync(fixture, "riy-cal-admin", "RIY", "+966500000781");

    private static string Url(int unitId, string? handler = null) =>
        $"/staff/admin/units/{unitId.ToString(CultureInfo.InvariantCulture)}/calendar" + (handler is null ? "" : "/" + handler);

    private static string ValueOf(IHtmlDocument doc, string id) => ((IHtmlInputElement)doc.GetElementById(id)!).Value;

    private static Dictionary<string, string> Week(params (DayOfWeek Day, string Spans)[] days)
    {
        var fields = Enumerable.Range(0, 7).ToDictionary(d => $"Input.Days[{d}]", _ => "");
        foreach (var (day, spans) in days) fields[$"Input.Days[{(int)day}]"] = spans;
        return fields;
    }

    [SkippableFact]
    public async Task A_subtree_administrator_sets_a_unit_calendar_typed_in_arabic_indic_digits_and_deadlines_are_recomputed()
    {
        fixture.Require();
        var school = await UnitIdAsync("RIY-S1");
        var admin = await RiyadhAdministratorAsync();

        var (_, unitPage) = await admin.GetAsync($"/staff/admin/units/{school}");
        Assert.Equal(Url(school), unitPage.QuerySelector("#unit-calendar-link")!.GetAttribute("href"));
        var (response, page) = await admin.GetAsync(Url(school));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("#effective-week"));
        var jobsBefore = await JobsForAsync(school);

        var fields = Week((DayOfWeek.Sunday, "٠٧:٣٠-١٤:٣٠"), (DayOfWeek.Monday, "٧:٣٠-١٤:٣٠"), (DayOfWeek.Thursday, "١٣:٠٠-١٥:٠٠، ٠٧:٣٠-١٢:٠٠"));
        fields["Input.Country"] = "SA";
        fields["Input.TimeZone"] = "Asia/Riyadh";
        var saved = await admin.SubmitAsync(page, Url(school), fields, formSelector: "#calendar-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var calendar = await DbAsync(db => db.Set<UnitCalendar>().AsNoTracking().SingleAsync(c => c.UnitId == school));
        Assert.Equal("sun=07:30-14:30;mon=07:30-14:30;thu=07:30-12:00,13:00-15:00", calendar.Week);
        Assert.Equal(("SA", "Asia/Riyadh"), (calendar.Country, calendar.TimeZone));
        Assert.Equal(jobsBefore + 1, await JobsForAsync(school));

        var (_, after) = await admin.FollowAsync(saved);
        Assert.Equal("own", after.QuerySelector("#calendar-source")!.GetAttribute("data-source"));
        Assert.Contains("07:30-12:00, 13:00-15:00", after.QuerySelector("#effective-week tr[data-day='Thursday']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("07:30-12:00, 13:00-15:00", ValueOf(after, "Input_Days_4_"));
        Assert.NotNull(after.QuerySelector(".notice.success"));

        // Removing it: the unit follows the deployment default again (no unit above has one), with another job.
        var removed = await admin.SubmitAsync(after, Url(school), new Dictionary<string, string>(), formSelector: "#calendar-remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await DbAsync(db => db.Set<UnitCalendar>().AnyAsync(c => c.UnitId == school)));
        Assert.Equal(jobsBefore + 2, await JobsForAsync(school));
        var (_, inherited) = await admin.FollowAsync(removed);
        Assert.NotEqual("own", inherited.QuerySelector("#calendar-source")!.GetAttribute("data-source"));
    }

    [SkippableFact]
    public async Task A_holiday_entered_in_hijri_is_stored_as_its_gregorian_dates_and_ramadan_is_filled_from_umm_al_qura()
    {
        fixture.Require();
        var school = await UnitIdAsync("RIY-S2");
        var admin = await RiyadhAdministratorAsync();
        var (_, page) = await admin.GetAsync(Url(school));
        if (page.QuerySelector("#holiday-form") is null)
        {
            // Seasons and holidays belong to the unit's own calendar: save one first (the hours in force, unchanged).
            Assert.NotNull(page.QuerySelector("#holidays-own-first"));
            Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(page, Url(school), new Dictionary<string, string>(), formSelector: "#calendar-form")).StatusCode);
            (_, page) = await admin.GetAsync(Url(school));
        }
        var jobsBefore = await JobsForAsync(school);

        var added = await admin.SubmitAsync(page, Url(school), new Dictionary<string, string>
        {
            ["Holiday.Name"] = "إجازة عيد الفطر",
            ["Holiday.EnteredIn"] = nameof(CalendarPreference.UmAlQura),
            ["Holiday.From.Day"] = "١",
            ["Holiday.From.Month"] = "١٠",
            ["Holiday.From.Year"] = "١٤٤٨",
            ["Holiday.To.Day"] = "٤",
            ["Holiday.To.Month"] = "١٠",
            ["Holiday.To.Year"] = "١٤٤٨",
        }, formSelector: "#holiday-form");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, 1448, 10, 1, out var first));
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, 1448, 10, 4, out var last));
        var holiday = await DbAsync(db => db.Set<CalendarHoliday>().AsNoTracking().SingleAsync(h => h.Name == "إجازة عيد الفطر"));
        Assert.Equal((first, last, CalendarPreference.UmAlQura), (holiday.StartsOn, holiday.EndsOn, holiday.EnteredIn));
        Assert.Equal(jobsBefore + 1, await JobsForAsync(school));
        var (_, listed) = await admin.FollowAsync(added);
        var row = listed.QuerySelector($"#holiday-list tr[data-holiday='{holiday.Id}']")!.TextContent;
        Assert.Contains("01/10/1448", row, StringComparison.Ordinal);
        Assert.Contains(first.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);

        // A day that does not exist in the chosen calendar: refused next to the field, what was typed kept, nothing saved.
        var refused = await admin.SubmitAsync(listed, Url(school), new Dictionary<string, string>
        {
            ["Holiday.Name"] = "يوم غير موجود",
            ["Holiday.EnteredIn"] = nameof(CalendarPreference.UmAlQura),
            ["Holiday.From.Day"] = "٣٠",
            ["Holiday.From.Month"] = "١٣",
            ["Holiday.From.Year"] = "١٤٤٨",
        }, formSelector: "#holiday-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await WebSession.ParseAsync(refused);
        Assert.Contains("غير موجود في التقويم المختار", doc.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#Holiday_From_Day", doc.QuerySelector(".error-summary a")!.GetAttribute("href"));
        Assert.Equal(("يوم غير موجود", "١٣"), (ValueOf(doc, "Holiday_Name"), ValueOf(doc, "Holiday_From_Month")));
        Assert.False(await DbAsync(db => db.Set<CalendarHoliday>().AnyAsync(h => h.Name == "يوم غير موجود")));
        Assert.Equal(jobsBefore + 1, await JobsForAsync(school));

        // Ramadan 1448 filled from Umm al-Qura month 9 with the country's Ramadan hours, then added as a season.
        var filled = await admin.SubmitAsync(doc, Url(school), new Dictionary<string, string> { ["Season.RamadanYear"] = "١٤٤٨" }, formSelector: "#ramadan-form");
        Assert.Equal(HttpStatusCode.OK, filled.StatusCode);
        var form = await WebSession.ParseAsync(filled);
        Assert.Equal(("1", "9", "1448"), (ValueOf(form, "Season_From_Day"), ValueOf(form, "Season_From_Month"), ValueOf(form, "Season_From_Year")));
        Assert.Equal("10:00-15:00", ValueOf(form, "Season_Days_0_"));
        var season = await admin.SubmitAsync(form, Url(school), new Dictionary<string, string>(), formSelector: "#season-form");
        Assert.Equal(HttpStatusCode.Redirect, season.StatusCode);
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, 1448, 9, 1, out var ramadan));
        var stored = await DbAsync(db => db.Set<CalendarSeasonEntry>().AsNoTracking().SingleAsync(s => s.StartsOn == ramadan));
        Assert.Equal(CountryProfiles.Ramadan("SA").ToString(), stored.Week);
        Assert.Equal(CalendarPreference.UmAlQura, stored.EnteredIn);
        Assert.Equal(jobsBefore + 2, await JobsForAsync(school));
    }

    [SkippableFact]
    public async Task A_bad_week_is_refused_with_the_localized_message_keeping_what_was_typed_and_saving_nothing()
    {
        fixture.Require();
        var riyadh = await UnitIdAsync("RIY");
        var admin = await RiyadhAdministratorAsync();
        var (_, page) = await admin.GetAsync(Url(riyadh));
        var jobsBefore = await JobsForAsync(riyadh);

        var fields = Week((DayOfWeek.Sunday, "07:30-14:30"), (DayOfWeek.Monday, "25:00-26:00"), (DayOfWeek.Tuesday, "08:00-12:00, 11:00-14:00"));
        fields["Input.TimeZone"] = "Asia/Nowhere";
        var refused = await admin.SubmitAsync(page, Url(riyadh), fields, formSelector: "#calendar-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await WebSession.ParseAsync(refused);
        var summary = doc.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("الاثنين: اكتب الساعات هكذا", summary, StringComparison.Ordinal);
        Assert.Contains("الثلاثاء: تتداخل فترتا عمل", summary, StringComparison.Ordinal);
        Assert.Contains("المنطقة الزمنية غير معروفة", summary, StringComparison.Ordinal);
        Assert.Contains(doc.QuerySelectorAll(".error-summary a"), a => a.GetAttribute("href") == "#Input_Days_1_");
        Assert.Equal(("25:00-26:00", "08:00-12:00, 11:00-14:00", "Asia/Nowhere"), (ValueOf(doc, "Input_Days_1_"), ValueOf(doc, "Input_Days_2_"), ValueOf(doc, "Input_TimeZone")));
        Assert.Contains("input-validation-error", doc.GetElementById("Input_Days_1_")!.ClassName, StringComparison.Ordinal);

        // A week without any working time, and hours smuggled into another day.
        var empty = await admin.SubmitAsync(page, Url(riyadh), Week(), formSelector: "#calendar-form");
        Assert.Contains("وقت عمل واحدًا على الأقل", (await WebSession.ParseAsync(empty)).QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        var smuggled = await admin.SubmitAsync(page, Url(riyadh), Week((DayOfWeek.Sunday, "07:30-14:30;fri=07:00-08:00")), formSelector: "#calendar-form");
        Assert.Equal(HttpStatusCode.OK, smuggled.StatusCode);

        Assert.False(await DbAsync(db => db.Set<UnitCalendar>().AnyAsync(c => c.UnitId == riyadh)));
        Assert.Equal(jobsBefore, await JobsForAsync(riyadh));
    }

    [SkippableFact]
    public async Task Another_subtrees_administrator_and_a_coordinator_get_404_for_the_page_and_for_forged_posts()
    {
        fixture.Require();
        var school = await UnitIdAsync("RIY-S1");
        var makkah = await UnitIdAsync("MKK");
        var week = CountryProfiles.Regular("SA").ToString();
        await DbAsync(async db =>
        {
            if (!await db.Set<UnitCalendar>().AnyAsync(c => c.UnitId == school))
            {
                db.Add(new UnitCalendar { UnitId = school, Country = "SA", TimeZone = "Asia/Riyadh", Week = week, UpdatedAt = fixture.App.Clock.GetUtcNow() });
                await db.SaveChangesAsync();
            }
            return 0;
        });
        var before = await DbAsync(db => db.Set<UnitCalendar>().AsNoTracking().SingleAsync(c => c.UnitId == school));
        var jobsBefore = await JobsForAsync(school);

        var makkahAdmin = await StaffSignIn.SubtreeAdministratorAsync(fixture, "mkk-cal-admin", "MKK", "+966500000782");
        Assert.Equal(HttpStatusCode.NotFound, (await makkahAdmin.GetAsync(Url(school))).Response.StatusCode);
        var (ownResponse, own) = await makkahAdmin.GetAsync(Url(makkah));
        Assert.Equal(HttpStatusCode.OK, ownResponse.StatusCode);
        var forgedWeek = Week((DayOfWeek.Sunday, "01:00-02:00"));
        Assert.Equal(HttpStatusCode.NotFound, (await makkahAdmin.SubmitAsync(own, Url(makkah), forgedWeek, formSelector: "#calendar-form", action: Url(school, "Save"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await makkahAdmin.SubmitAsync(own, Url(makkah), new Dictionary<string, string>(), formSelector: "#calendar-form", action: Url(school, "Remove"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await makkahAdmin.SubmitAsync(own, Url(makkah), new Dictionary<string, string>
        {
            ["Holiday.Name"] = "إجازة مزورة",
            ["Holiday.EnteredIn"] = nameof(CalendarPreference.Gregorian),
            ["Holiday.From.Day"] = "1",
            ["Holiday.From.Month"] = "1",
            ["Holiday.From.Year"] = "2027",
        }, formSelector: "#calendar-form", action: Url(school, "AddHoliday"))).StatusCode);

        // A coordinator of the same directorate sees units but administers none: the page does not exist for them.
        var coordinator = WebSession.Start(fixture.App);
        await coordinator.SignInAsync("coordinator", DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync(Url(school))).Response.StatusCode);
        var (_, home) = await coordinator.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.SubmitAsync(home, "/staff", forgedWeek, formSelector: "form.language-switch", action: Url(school, "Save"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.SubmitAsync(home, "/staff", new Dictionary<string, string>(), formSelector: "form.language-switch", action: Url(school, "Remove"))).StatusCode);
        var (_, unitPage) = await coordinator.GetAsync($"/staff/admin/units/{school}");
        Assert.Null(unitPage.QuerySelector("#unit-calendar-link"));

        var after = await DbAsync(db => db.Set<UnitCalendar>().AsNoTracking().Include(c => c.Holidays).SingleAsync(c => c.UnitId == school));
        Assert.Equal((before.Week, before.UpdatedAt), (after.Week, after.UpdatedAt));
        Assert.DoesNotContain(after.Holidays, h => h.Name == "إجازة مزورة");
        Assert.Equal(jobsBefore, await JobsForAsync(school));
    }

    [SkippableFact]
    public async Task A_unit_that_inherits_shows_from_where_and_its_own_calendar_starts_as_a_copy_with_the_holidays()
    {
        fixture.Require();
        var makkah = await UnitIdAsync("MKK");
        var school = await UnitIdAsync("MKK-S2");
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, 1448, 12, 10, out var eid));
        await DbAsync(async db =>
        {
            if (!await db.Set<UnitCalendar>().AnyAsync(c => c.UnitId == makkah))
            {
                db.Add(new UnitCalendar
                {
                    UnitId = makkah,
                    Country = "SA",
                    TimeZone = "Asia/Riyadh",
                    Week = "sun=08:00-15:00;mon=08:00-15:00;tue=08:00-15:00;wed=08:00-15:00;thu=08:00-15:00",
                    UpdatedAt = fixture.App.Clock.GetUtcNow(),
                    Holidays = [new CalendarHoliday { Name = "إجازة عيد الأضحى", StartsOn = eid, EndsOn = eid.AddDays(3), EnteredIn = CalendarPreference.UmAlQura }],
                });
                await db.SaveChangesAsync();
            }
            return 0;
        });
        var admin = await StaffSignIn.SubtreeAdministratorAsync(fixture, "mkk-cal-admin", "MKK", "+966500000782");
        var (_, page) = await admin.GetAsync(Url(school));
        Assert.Equal("inherited", page.QuerySelector("#calendar-source")!.GetAttribute("data-source"));
        Assert.Equal(Url(makkah), page.QuerySelector("#inherited-link")!.GetAttribute("href"));
        Assert.Contains("08:00-15:00", page.QuerySelector("#effective-week tr[data-day='Sunday']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("08:00-15:00", ValueOf(page, "Input_Days_0_"));

        var saved = await admin.SubmitAsync(page, Url(school), new Dictionary<string, string> { ["Input.Days[4]"] = "08:00-12:00" }, formSelector: "#calendar-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var own = await DbAsync(db => db.Set<UnitCalendar>().AsNoTracking().Include(c => c.Holidays).SingleAsync(c => c.UnitId == school));
        Assert.EndsWith("thu=08:00-12:00", own.Week, StringComparison.Ordinal);
        Assert.Equal((eid, eid.AddDays(3)), own.Holidays.Select(h => (h.StartsOn, h.EndsOn)).Single());
    }

    [SkippableFact]
    public async Task A_national_administrator_saves_the_policy_matrix_and_the_whole_tree_is_recomputed()
    {
        fixture.Require();
        var root = await UnitIdAsync("MOE");
        var admin = await StaffSignIn.WithTwoFactorAsync(fixture, "admin");
        var (response, page) = await admin.GetAsync("/staff/admin/deadlines");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/staff/admin/deadlines", page.QuerySelector("#deadlines-link")!.GetAttribute("href"));
        Assert.Equal(12, page.QuerySelectorAll("#policy-form tbody tr").Length);
        var jobsBefore = await JobsForAsync(root);

        // Row 0 is (Inquiry, Normal); row 11 is (Report, VeryImportant).
        var saved = await admin.SubmitAsync(page, "/staff/admin/deadlines", new Dictionary<string, string>
        {
            ["Rows[0].FirstHours"] = "٤",
            ["Rows[0].FirstMinutes"] = "٣٠",
            ["Rows[0].ResolutionHours"] = "٢١",
            ["Rows[0].ResolutionMinutes"] = "",
            ["Rows[0].WarningPercent"] = "80",
            ["Rows[0].OnBreach"] = nameof(BreachAction.Notify),
            ["Rows[11].FirstHours"] = "",
            ["Rows[11].FirstMinutes"] = "",
            ["Rows[11].ResolutionHours"] = "3",
            ["Rows[11].ResolutionMinutes"] = "15",
        }, formSelector: "#policy-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var policies = await DbAsync(db => db.Set<DeadlinePolicy>().AsNoTracking().Where(p => p.Subject == "Request").ToListAsync());
        Assert.Equal(12, policies.Count);
        var inquiry = policies.Single(p => p.Kind == "Inquiry" && p.Importance == "Normal");
        Assert.Equal((270, 1260, 80, BreachAction.Notify), (inquiry.FirstResponseMinutes!.Value, inquiry.ResolutionMinutes, inquiry.WarningPercent, inquiry.OnBreach));
        var report = policies.Single(p => p.Kind == "Report" && p.Importance == "VeryImportant");
        Assert.Equal((null, 195), (report.FirstResponseMinutes, report.ResolutionMinutes));
        Assert.Equal(jobsBefore + 1, await JobsForAsync(root));
        var (_, shown) = await admin.FollowAsync(saved);
        Assert.Equal(("4", "30", "21"), (ValueOf(shown, "Rows_0__FirstHours"), ValueOf(shown, "Rows_0__FirstMinutes"), ValueOf(shown, "Rows_0__ResolutionHours")));
        Assert.Empty(shown.QuerySelectorAll("#policy-form .badge"));

        // Wrong values: each refused with a message naming its row, kept as typed, nothing saved.
        var refused = await admin.SubmitAsync(shown, "/staff/admin/deadlines", new Dictionary<string, string>
        {
            ["Rows[3].ResolutionHours"] = "",
            ["Rows[3].ResolutionMinutes"] = "",
            ["Rows[5].WarningPercent"] = "150",
            ["Rows[6].FirstHours"] = "500",
        }, formSelector: "#policy-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var doc = await WebSession.ParseAsync(refused);
        var summary = doc.QuerySelector(".error-summary")!.TextContent;
        Assert.Contains("شكوى، عادي: ", summary, StringComparison.Ordinal);
        Assert.Contains("من 1 إلى 99", summary, StringComparison.Ordinal);
        Assert.Contains("قبل موعد الإنجاز", summary, StringComparison.Ordinal);
        Assert.Equal("150", ValueOf(doc, "Rows_5__WarningPercent"));
        Assert.Equal(3, doc.QuerySelectorAll(".error-summary li").Length);
        var unchanged = await DbAsync(db => db.Set<DeadlinePolicy>().AsNoTracking().Where(p => p.Subject == "Request").ToListAsync());
        Assert.DoesNotContain(unchanged, p => p.WarningPercent == 150 || p.FirstResponseMinutes == 500 * 60);
        Assert.Equal(jobsBefore + 1, await JobsForAsync(root));
    }

    [SkippableFact]
    public async Task The_policy_matrix_does_not_exist_for_anyone_but_national_administrators()
    {
        fixture.Require();
        var subtree = await StaffSignIn.SubtreeAdministratorAsync(fixture, "mkk-policy-admin", "MKK", "+966500000783");
        Assert.Equal(HttpStatusCode.NotFound, (await subtree.GetAsync("/staff/admin/deadlines")).Response.StatusCode);
        var (_, units) = await subtree.GetAsync("/staff/admin/units");
        Assert.Null(units.QuerySelector("#deadlines-link"));
        var forged = new Dictionary<string, string> { ["Rows[0].ResolutionHours"] = "1", ["Rows[0].WarningPercent"] = "42" };
        Assert.Equal(HttpStatusCode.NotFound, (await subtree.SubmitAsync(units, "/staff/admin/units", forged, formSelector: "form.language-switch", action: "/staff/admin/deadlines")).StatusCode);

        var coordinator = WebSession.Start(fixture.App);
        await coordinator.SignInAsync("coordinator", DemoData.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync("/staff/admin/deadlines")).Response.StatusCode);
        var (_, home) = await coordinator.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.SubmitAsync(home, "/staff", forged, formSelector: "form.language-switch", action: "/staff/admin/deadlines")).StatusCode);

        Assert.False(await DbAsync(db => db.Set<DeadlinePolicy>().AnyAsync(p => p.WarningPercent == 42)));
    }
}

public sealed class CalendarAdminTestsOnSqlite(SqliteAppFixture f) : CalendarAdminTests(f), IClassFixture<SqliteAppFixture>;

public sealed class CalendarAdminTestsOnPostgres(PostgresAppFixture f) : CalendarAdminTests(f), IClassFixture<PostgresAppFixture>;
