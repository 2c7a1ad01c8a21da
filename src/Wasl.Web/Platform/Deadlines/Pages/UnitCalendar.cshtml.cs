using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Data;
using Wasl.Web.Platform.Identity;
using Wasl.Web.Platform.Localization;
using Wasl.Web.Platform.Organization;

namespace Wasl.Web.Platform.Deadlines.Pages;

/// <summary>
/// A unit's working calendar: whether it has its own or follows an ancestor's (or the deployment's), its week, its
/// seasons and its holidays. Administrators of the unit's subtree change it; for anyone else the page does not exist.
/// Every change is saved together with a recompute job for every subject with deadlines (requests, and every module
/// that registers a sweep), so running items under the unit get deadlines in the new calendar (each subject's sweep works
/// through them) and nothing is ever saved without its jobs.
/// </summary>
[Authorize(Policy = PlatformModule.StaffPolicy)]
internal sealed class UnitCalendarModel(WaslDbContext db, OrgAccess access, WorkCalendars calendars, DeadlineRecomputes recomputes, IOptions<DeploymentOptions> deployment, DateDisplay dates, TimeProvider clock, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>Holidays are expanded day by day in the calendar snapshot: a typing slip must not become ten years of them.</summary>
    public const int MaxHolidayDays = 60;
    public const int MaxSeasonDays = 366;

    // The text form's day names, indexed by DayOfWeek.
    private static readonly string[] DayCodes = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    private static readonly UmAlQuraCalendar UmAlQura = new();

    public Unit Unit { get; private set; } = null!;
    public UnitCalendar? Own { get; private set; }

    /// <summary>The nearest ancestor with a calendar, when the unit has none; null with <see cref="Own"/> null means the deployment's.</summary>
    public (Unit Unit, UnitCalendar Calendar)? Inherited { get; private set; }
    public bool CanManageInherited { get; private set; }
    public string EffectiveCountry { get; private set; } = "SA";
    public string EffectiveTimeZone { get; private set; } = "";
    public WeekSchedule EffectiveWeek { get; private set; } = WeekSchedule.Empty;
    public string DefaultTimeZone => deployment.Value.TimeZone;

    [BindProperty]
    public CalendarInput Input { get; set; } = new();

    [BindProperty]
    public SeasonInput Season { get; set; } = new();

    [BindProperty]
    public HolidayInput Holiday { get; set; } = new();

    /// <summary>Days in the order of the country's week: Sunday first in Saudi Arabia and Oman, Saturday in Iran, Monday in Morocco.</summary>
    public static IReadOnlyList<DayOfWeek> DayOrder(string country)
    {
        var first = country.ToUpperInvariant() switch
        {
            "IR" => DayOfWeek.Saturday,
            "MA" => DayOfWeek.Monday,
            _ => DayOfWeek.Sunday,
        };
        return [.. Enumerable.Range(0, 7).Select(i => (DayOfWeek)(((int)first + i) % 7))];
    }

    /// <summary>A day's spans as typed in the form: "07:30-12:00, 13:00-15:00", empty for a day off.</summary>
    public static string Spans(WeekSchedule week, DayOfWeek day)
    {
        ArgumentNullException.ThrowIfNull(week);
        return string.Join(", ", week.For(day).Select(s => s.Start.ToString("HH:mm", CultureInfo.InvariantCulture) + "-" + s.End.ToString("HH:mm", CultureInfo.InvariantCulture)));
    }

    /// <summary>A stored (Gregorian) date in the calendar it is shown in; Umm al-Qura outside its tables shows Gregorian.</summary>
    public DisplayedDate Show(DateOnly date, CalendarPreference calendar)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        var shown = calendar == CalendarPreference.UmAlQura && (local < UmAlQura.MinSupportedDateTime || local > UmAlQura.MaxSupportedDateTime)
            ? CalendarPreference.Gregorian
            : calendar;
        var (y, m, d) = DateDisplay.Parts(local, shown);
        return new DisplayedDate(string.Create(CultureInfo.InvariantCulture, $"{d:00}/{m:00}/{y:0000}"), t[$"Calendar.Era.{shown}"], date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), shown);
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ResetCalendarForm();
        PrepareOtherForms(season: true, holiday: true);
        return Page();
    }

    /// <summary>"Fill in the country's hours": the week of the chosen profile, nothing saved (works without JavaScript).</summary>
    public async Task<IActionResult> OnPostPrefillAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ClearOthers(nameof(Input));
        if (!CountryProfiles.Countries.Contains(Input.Country))
        {
            ModelState.AddModelError("Input.Country", t["Validation.Invalid"]);
        }
        else
        {
            ModelState.Clear();
            Input.Days = DaysOf(CountryProfiles.Regular(Input.Country));
        }
        PrepareOtherForms(season: true, holiday: true);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ClearOthers(nameof(Input));
        if (!CountryProfiles.Countries.Contains(Input.Country)) ModelState.AddModelError("Input.Country", t["Validation.Invalid"]);
        var zone = ValidTimeZone(Input.TimeZone);
        if (zone is null) ModelState.AddModelError("Input.TimeZone", t["WorkCalendar.TimeZoneInvalid"]);
        var week = ReadWeek(nameof(Input), Input.Days);
        if (!ModelState.IsValid || week is null || zone is null)
        {
            PrepareOtherForms(season: true, holiday: true);
            return Page();
        }

        var calendar = await db.Set<UnitCalendar>().SingleOrDefaultAsync(c => c.UnitId == id, ct);
        if (calendar is null)
        {
            // A unit's own calendar replaces the inherited one entirely, so it starts as a copy of it: the holidays
            // announced for the whole directorate do not silently stop applying to the school that changed its hours.
            calendar = new UnitCalendar { UnitId = id };
            if (Inherited is { } inherited)
            {
                var source = await db.Set<UnitCalendar>().AsNoTracking().Include(c => c.Seasons).Include(c => c.Holidays).AsSplitQuery().SingleAsync(c => c.Id == inherited.Calendar.Id, ct);
                calendar.Seasons.AddRange(source.Seasons.Select(s => new CalendarSeasonEntry { Name = s.Name, StartsOn = s.StartsOn, EndsOn = s.EndsOn, Week = s.Week, EnteredIn = s.EnteredIn }));
                calendar.Holidays.AddRange(source.Holidays.Select(h => new CalendarHoliday { Name = h.Name, StartsOn = h.StartsOn, EndsOn = h.EndsOn, EnteredIn = h.EnteredIn }));
            }
            db.Add(calendar);
        }
        calendar.Country = Input.Country;
        calendar.TimeZone = zone;
        calendar.Week = week.ToString();
        if (!await SaveWithRecomputeAsync(calendar, ct))
        {
            PrepareOtherForms(season: true, holiday: true);
            return Page();
        }
        TempData["Notice"] = t["WorkCalendar.Saved"].Value;
        return RedirectToPage(new { id, handler = (string?)null });
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var calendar = await db.Set<UnitCalendar>().Include(c => c.Seasons).Include(c => c.Holidays).SingleOrDefaultAsync(c => c.UnitId == id, ct);
        if (calendar is not null)
        {
            db.Remove(calendar);
            if (!await SaveWithRecomputeAsync(null, ct)) return await ReloadAsync(id, ct);
        }
        TempData["Notice"] = t["WorkCalendar.Removed"].Value;
        return RedirectToPage(new { id, handler = (string?)null });
    }

    /// <summary>"Fill in Ramadan of this year": month 9 of Umm al-Qura and the country's Ramadan week, to adjust and add.</summary>
    public async Task<IActionResult> OnPostRamadanAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ClearOthers(nameof(Season));
        if (!TryNumber(Season.RamadanYear, out var year)
            || !HijriDates.TryToGregorian(CalendarPreference.UmAlQura, year, 9, 1, out _)
            || !HijriDates.TryToGregorian(CalendarPreference.UmAlQura, year, 9, 29, out _))
        {
            ModelState.AddModelError("Season.RamadanYear", t["WorkCalendar.DateInvalid"]);
        }
        else
        {
            ModelState.Clear();
            var last = HijriDates.TryToGregorian(CalendarPreference.UmAlQura, year, 9, 30, out _) ? 30 : 29;
            var y = year.ToString(CultureInfo.InvariantCulture);
            Season.Name = t["WorkCalendar.RamadanName", y];
            Season.EnteredIn = CalendarPreference.UmAlQura;
            Season.From = new DateParts { Day = "1", Month = "9", Year = y };
            Season.To = new DateParts { Day = last.ToString(CultureInfo.InvariantCulture), Month = "9", Year = y };
            Season.Days = DaysOf(CountryProfiles.Ramadan(EffectiveCountry));
        }
        ResetCalendarForm();
        PrepareOtherForms(season: false, holiday: true);
        return Page();
    }

    public async Task<IActionResult> OnPostAddSeasonAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ClearOthers(nameof(Season));
        if (Own is null) ModelState.AddModelError("", t["WorkCalendar.OwnFirst"]);
        var name = ReadName("Season.Name", Season.Name);
        var range = ReadRange("Season", Season.EnteredIn, Season.From, Season.To, toOptional: false, MaxSeasonDays);
        var week = ReadWeek(nameof(Season), Season.Days);
        if (!ModelState.IsValid || name is null || range is null || week is null)
        {
            ResetCalendarForm();
            PrepareOtherForms(season: false, holiday: true);
            return Page();
        }
        var calendar = await db.Set<UnitCalendar>().SingleAsync(c => c.Id == Own!.Id, ct);
        db.Add(new CalendarSeasonEntry { CalendarId = calendar.Id, Name = name, StartsOn = range.Value.From, EndsOn = range.Value.To, Week = week.ToString(), EnteredIn = Season.EnteredIn });
        if (!await SaveWithRecomputeAsync(calendar, ct)) return await ReloadAsync(id, ct);
        TempData["Notice"] = t["WorkCalendar.SeasonAdded"].Value;
        return RedirectToPage(null, null, new { id, handler = (string?)null }, "seasons");
    }

    public async Task<IActionResult> OnPostDeleteSeasonAsync(int id, int seasonId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var calendarId = Own?.Id ?? 0;
        var season = await db.Set<CalendarSeasonEntry>().SingleOrDefaultAsync(s => s.Id == seasonId && s.CalendarId == calendarId, ct);
        if (season is null) return NotFound();
        db.Remove(season);
        if (!await SaveWithRecomputeAsync(await db.Set<UnitCalendar>().SingleAsync(c => c.Id == calendarId, ct), ct)) return await ReloadAsync(id, ct);
        TempData["Notice"] = t["WorkCalendar.Deleted"].Value;
        return RedirectToPage(null, null, new { id, handler = (string?)null }, "seasons");
    }

    public async Task<IActionResult> OnPostAddHolidayAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ClearOthers(nameof(Holiday));
        if (Own is null) ModelState.AddModelError("", t["WorkCalendar.OwnFirst"]);
        var name = ReadName("Holiday.Name", Holiday.Name);
        var range = ReadRange("Holiday", Holiday.EnteredIn, Holiday.From, Holiday.To, toOptional: true, MaxHolidayDays);
        if (!ModelState.IsValid || name is null || range is null)
        {
            ResetCalendarForm();
            PrepareOtherForms(season: true, holiday: false);
            return Page();
        }
        var calendar = await db.Set<UnitCalendar>().SingleAsync(c => c.Id == Own!.Id, ct);
        db.Add(new CalendarHoliday { CalendarId = calendar.Id, Name = name, StartsOn = range.Value.From, EndsOn = range.Value.To, EnteredIn = Holiday.EnteredIn });
        if (!await SaveWithRecomputeAsync(calendar, ct)) return await ReloadAsync(id, ct);
        TempData["Notice"] = t["WorkCalendar.HolidayAdded"].Value;
        return RedirectToPage(null, null, new { id, handler = (string?)null }, "holidays");
    }

    public async Task<IActionResult> OnPostDeleteHolidayAsync(int id, int holidayId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var calendarId = Own?.Id ?? 0;
        var holiday = await db.Set<CalendarHoliday>().SingleOrDefaultAsync(h => h.Id == holidayId && h.CalendarId == calendarId, ct);
        if (holiday is null) return NotFound();
        db.Remove(holiday);
        if (!await SaveWithRecomputeAsync(await db.Set<UnitCalendar>().SingleAsync(c => c.Id == calendarId, ct), ct)) return await ReloadAsync(id, ct);
        TempData["Notice"] = t["WorkCalendar.Deleted"].Value;
        return RedirectToPage(null, null, new { id, handler = (string?)null }, "holidays");
    }

    /// <summary>
    /// Saves the pending change with a job per subject that recomputes the deadlines of running items under the unit.
    /// One SaveChanges is one transaction: the change and its jobs are stored together or not at all.
    /// </summary>
    private async Task<bool> SaveWithRecomputeAsync(UnitCalendar? touched, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (touched is not null) touched.UpdatedAt = now;
        recomputes.QueueForEverySubject(Unit.Id, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another administrator created or removed this unit's calendar at the same moment (unique unit, cascades).
            db.ChangeTracker.Clear();
            ModelState.AddModelError("", t["Admin.ChangedMeanwhile"]);
            return false;
        }
        finally
        {
            calendars.Invalidate();
        }
        return true;
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (unit is null || !await access.CanAsync(OrgRight.Manage, unit.Path, ct)) return false;
        Unit = unit;
        var chain = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
        var own = await db.Set<UnitCalendar>().AsNoTracking().Include(c => c.Seasons).Include(c => c.Holidays).AsSplitQuery().SingleOrDefaultAsync(c => c.UnitId == id, ct);
        Own = own;
        Inherited = null;
        var fallbackCountry = CountryProfiles.Countries.Contains(deployment.Value.Country.ToUpperInvariant()) ? deployment.Value.Country.ToUpperInvariant() : "SA";
        if (own is not null)
        {
            SetEffective(own.Country, own.TimeZone, own.Week);
            return true;
        }
        var above = await db.Set<UnitCalendar>().AsNoTracking().Where(c => chain.Contains(c.UnitId) && c.UnitId != id).ToListAsync(ct);
        var nearest = above.OrderByDescending(c => chain.IndexOf(c.UnitId)).FirstOrDefault();
        if (nearest is not null)
        {
            var ancestor = await db.Units.AsNoTracking().SingleAsync(u => u.Id == nearest.UnitId, ct);
            Inherited = (ancestor, nearest);
            CanManageInherited = await access.CanAsync(OrgRight.Manage, ancestor.Path, ct);
            SetEffective(nearest.Country, nearest.TimeZone, nearest.Week);
        }
        else
        {
            SetEffective(fallbackCountry, deployment.Value.TimeZone, CountryProfiles.Regular(fallbackCountry).ToString());
        }
        return true;
    }

    private void SetEffective(string country, string zone, string week)
    {
        EffectiveCountry = CountryProfiles.Countries.Contains(country.ToUpperInvariant()) ? country.ToUpperInvariant() : "SA";
        EffectiveTimeZone = zone;
        EffectiveWeek = WeekSchedule.TryParse(week, out var w, out _) ? w : CountryProfiles.Regular(EffectiveCountry);
    }

    /// <summary>The calendar form starts from the calendar in force: one's own, or the one to copy and adapt.</summary>
    private void ResetCalendarForm() =>
        Input = new CalendarInput { Country = EffectiveCountry, TimeZone = EffectiveTimeZone, Days = DaysOf(EffectiveWeek) };

    /// <summary>Forms not posted by this request start from their usual values, so the page looks the same after an error.</summary>
    private void PrepareOtherForms(bool season, bool holiday)
    {
        if (season) Season = new SeasonInput { RamadanYear = NextRamadanYear().ToString(CultureInfo.InvariantCulture), EnteredIn = CalendarPreference.UmAlQura, Days = DaysOf(CountryProfiles.Ramadan(EffectiveCountry)) };
        if (holiday) Holiday = new HolidayInput { EnteredIn = CalendarPreference.UmAlQura };
    }

    /// <summary>After a refused save: the page as it now stands, with the error on top.</summary>
    private async Task<IActionResult> ReloadAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ResetCalendarForm();
        PrepareOtherForms(season: true, holiday: true);
        return Page();
    }

    private int NextRamadanYear()
    {
        var today = dates.ToLocal(clock.GetUtcNow());
        var (year, month, _) = DateDisplay.Parts(today, CalendarPreference.UmAlQura);
        return month > 9 ? year + 1 : year;
    }

    private static string?[] DaysOf(WeekSchedule week) => [.. Enumerable.Range(0, 7).Select(d => Spans(week, (DayOfWeek)d))];

    /// <summary>
    /// The seven day fields as one week: each day is checked on its own (so the message sits next to that day), then
    /// the whole week, which must have some working time. Null when refused; the errors are in ModelState.
    /// </summary>
    private WeekSchedule? ReadWeek(string prefix, string?[]? days)
    {
        var parts = new List<string>();
        var ok = true;
        for (var d = 0; d < 7; d++)
        {
            var text = days is not null && d < days.Length ? days[d]?.Trim() : null;
            if (string.IsNullOrEmpty(text)) continue;
            var key = $"{prefix}.Days[{d}]";
            // A day field holds that day's spans only: no "mon=" or ';' smuggling hours into another day.
            string? error = null;
            if (text.IndexOfAny(['=', ';', '\u061B']) >= 0 || !WeekSchedule.TryParse($"{DayCodes[d]}={text}", out _, out error))
            {
                var message = t[error == WeekSchedule.OverlapKey ? WeekSchedule.OverlapKey : "WorkCalendar.DayInvalid"].Value;
                ModelState.AddModelError(key, t["WorkCalendar.DayError", t[$"Weekday.{(DayOfWeek)d}"].Value, message]);
                ok = false;
                continue;
            }
            parts.Add($"{DayCodes[d]}={text}");
        }
        if (!ok) return null;
        if (!WeekSchedule.TryParse(string.Join(';', parts), out var week, out var weekError))
        {
            ModelState.AddModelError($"{prefix}.Days", t[weekError]);
            return null;
        }
        return week;
    }

    private string? ReadName(string key, string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) ModelState.AddModelError(key, t["Validation.Required"]);
        else if (trimmed.Length > 200) ModelState.AddModelError(key, t["Validation.TooLong", "", 200]);
        else return trimmed;
        return null;
    }

    /// <summary>First and last day typed in <paramref name="calendar"/>, as Gregorian dates; the last may be left empty for one day.</summary>
    private (DateOnly From, DateOnly To)? ReadRange(string prefix, CalendarPreference calendar, DateParts from, DateParts to, bool toOptional, int maxDays)
    {
        if (!Enum.IsDefined(calendar))
        {
            ModelState.AddModelError($"{prefix}.EnteredIn", t["Validation.Invalid"]);
            return null;
        }
        var first = ReadDate($"{prefix}.From", calendar, from, optional: false);
        var last = ReadDate($"{prefix}.To", calendar, to, optional: toOptional);
        if (first is null || (last is null && !to.IsEmpty)) return null;
        var end = last ?? first.Value;
        if (end < first.Value)
        {
            ModelState.AddModelError($"{prefix}.To.Day", t["Admin.EndBeforeStart"]);
            return null;
        }
        if (end.DayNumber - first.Value.DayNumber + 1 > maxDays)
        {
            ModelState.AddModelError($"{prefix}.To.Day", t["WorkCalendar.RangeTooLong", maxDays]);
            return null;
        }
        return (first.Value, end);
    }

    private DateOnly? ReadDate(string prefix, CalendarPreference calendar, DateParts parts, bool optional)
    {
        if (parts.IsEmpty)
        {
            if (!optional) ModelState.AddModelError($"{prefix}.Day", t["Validation.Required"]);
            return null;
        }
        if (TryNumber(parts.Year, out var y) && TryNumber(parts.Month, out var m) && TryNumber(parts.Day, out var d)
            && HijriDates.TryToGregorian(calendar, y, m, d, out var date))
        {
            return date;
        }
        ModelState.AddModelError($"{prefix}.Day", t["WorkCalendar.DateInvalid"]);
        return null;
    }

    /// <summary>A whole number typed with any digits (Arabic-Indic and Persian included).</summary>
    private static bool TryNumber(string? text, out int value)
    {
        value = 0;
        var ascii = Digits.ToAscii(text).Trim();
        return ascii.Length is > 0 and <= 6 && Digits.IsAsciiDigits(ascii) && int.TryParse(ascii, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string? ValidTimeZone(string? id)
    {
        var text = id?.Trim() ?? "";
        if (text.Length is 0 or > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(text, out var zone)) return null;
        // Stored as an IANA id whatever was typed (a Windows name is accepted and converted).
        if (zone.HasIanaId) return zone.Id;
        return TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : null;
    }

    private void ClearOthers(string keep)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(keep + ".", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }

    public sealed class CalendarInput
    {
        public string Country { get; set; } = "SA";
        public string? TimeZone { get; set; }

        /// <summary>Spans per day, indexed by DayOfWeek (0 = Sunday).</summary>
        public string?[] Days { get; set; } = new string?[7];
    }

    public sealed class SeasonInput
    {
        public string? Name { get; set; }
        public CalendarPreference EnteredIn { get; set; }
        public DateParts From { get; set; } = new();
        public DateParts To { get; set; } = new();
        public string?[] Days { get; set; } = new string?[7];
        public string? RamadanYear { get; set; }
    }

    public sealed class HolidayInput
    {
        public string? Name { get; set; }
        public CalendarPreference EnteredIn { get; set; }
        public DateParts From { get; set; } = new();
        public DateParts To { get; set; } = new();
    }

    /// <summary>A date typed as day, month and year in the chosen calendar; text so any digits are accepted.</summary>
    public sealed class DateParts
    {
        public string? Day { get; set; }
        public string? Month { get; set; }
        public string? Year { get; set; }
        public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);
    }
}
