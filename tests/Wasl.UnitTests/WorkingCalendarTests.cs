using System.Globalization;
using Wasl.Web.Platform.Deadlines;
using Wasl.Web.Platform.Identity;

namespace Wasl.UnitTests;

/// <summary>
/// Working-time arithmetic as an office in each deployment country sees it. Expected instants are written as the local
/// wall clock with the zone's offset, and each result is checked to read exactly that in the zone, so a wrong offset in
/// the code, in the test or in the machine's time-zone data fails loudly.
/// </summary>
public sealed class WorkingCalendarTests
{
    private static readonly TimeZoneInfo Riyadh = TimeZoneInfo.FindSystemTimeZoneById("Asia/Riyadh");
    private static readonly TimeZoneInfo Muscat = TimeZoneInfo.FindSystemTimeZoneById("Asia/Muscat");
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
    private static readonly TimeZoneInfo Casablanca = TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca");

    private static DateTimeOffset At(string text) =>
        DateTimeOffset.ParseExact(text, ["yyyy-MM-ddTHH:mmzzz", "yyyy-MM-ddTHH:mm:sszzz"], CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TimeSpan Hours(double hours) => TimeSpan.FromHours(hours);

    /// <summary>The result is UTC, is the expected instant, and reads as the expected wall clock and offset in the zone.</summary>
    private static void AssertLocal(string expected, DateTimeOffset? actual, TimeZoneInfo zone)
    {
        Assert.NotNull(actual);
        Assert.Equal(TimeSpan.Zero, actual.Value.Offset);
        Assert.Equal(At(expected).UtcDateTime, actual.Value.UtcDateTime);
        Assert.Equal(At(expected).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
            TimeZoneInfo.ConvertTime(actual.Value, zone).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
    }

    private static WorkingCalendar Country(string country, TimeZoneInfo zone, IEnumerable<CalendarSeason>? seasons = null, IEnumerable<DateOnly>? holidays = null) =>
        new(zone, CountryProfiles.Regular(country), seasons, holidays);

    private static WeekSchedule Week(string text)
    {
        Assert.True(WeekSchedule.TryParse(text, out var week, out var error), error);
        return week;
    }

    private static CalendarSeason RamadanSeason(int hijriYear, WeekSchedule week)
    {
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, hijriYear, 9, 1, out var first));
        var days = new UmAlQuraCalendar().GetDaysInMonth(hijriYear, 9);
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, hijriYear, 9, days, out var last));
        return new CalendarSeason(first, last, week);
    }

    private static void AssertIntervals(WorkingCalendar calendar, string date, params string[] expected)
    {
        var actual = calendar.WorkingIntervals(Date(date)).ToList();
        Assert.All(actual, i => Assert.Equal(TimeSpan.Zero, i.Start.Offset));
        Assert.Equal(
            expected.Select(e => e.Split(" / ")).Select(p => (At(p[0]).UtcDateTime, At(p[1]).UtcDateTime)),
            actual.Select(i => (i.Start.UtcDateTime, i.End.UtcDateTime)));
    }

    // ---- The machine's time-zone data: these fail first if tzdata/ICU is wrong, before any calendar test is blamed.

    [Fact]
    public void Time_zone_data_has_the_offsets_the_tests_rely_on()
    {
        static TimeSpan Offset(TimeZoneInfo zone, string utc) => zone.GetUtcOffset(At(utc));

        Assert.Equal(Hours(3), Offset(Riyadh, "2026-01-15T12:00+00:00"));
        Assert.Equal(Hours(3), Offset(Riyadh, "2026-07-15T12:00+00:00"));
        Assert.Equal(Hours(4), Offset(Muscat, "2026-07-15T12:00+00:00"));

        // Tehran 2021: 2021-03-22 00:00 local became 01:00 (+03:30 -> +04:30); 2021-09-22 00:00 local went back to 23:00.
        Assert.Equal(Hours(3.5), Offset(Tehran, "2021-03-21T20:29:59+00:00"));
        Assert.Equal(Hours(4.5), Offset(Tehran, "2021-03-21T20:30:00+00:00"));
        Assert.Equal(Hours(4.5), Offset(Tehran, "2021-09-21T19:29:59+00:00"));
        Assert.Equal(Hours(3.5), Offset(Tehran, "2021-09-21T19:30:00+00:00"));
        // 2022 was the last year with summer time; from 2023 Iran stays on +03:30.
        Assert.Equal(Hours(4.5), Offset(Tehran, "2022-06-01T00:00+00:00"));
        for (var month = 1; month <= 12; month++)
        {
            Assert.Equal(Hours(3.5), Tehran.GetUtcOffset(new DateTimeOffset(2023, month, 21, 12, 0, 0, TimeSpan.Zero)));
            Assert.Equal(Hours(3.5), Tehran.GetUtcOffset(new DateTimeOffset(2026, month, 21, 12, 0, 0, TimeSpan.Zero)));
        }

        // Morocco is on +01 but goes back to +00 around Ramadan: 2026-02-15 03:00 -> 02:00, 2026-03-22 02:00 -> 03:00.
        Assert.Equal(Hours(1), Offset(Casablanca, "2026-01-15T12:00+00:00"));
        Assert.Equal(Hours(1), Offset(Casablanca, "2026-02-15T01:59+00:00"));
        Assert.Equal(TimeSpan.Zero, Offset(Casablanca, "2026-02-15T02:00+00:00"));
        Assert.Equal(TimeSpan.Zero, Offset(Casablanca, "2026-02-25T12:00+00:00"));
        Assert.Equal(TimeSpan.Zero, Offset(Casablanca, "2026-03-22T01:59+00:00"));
        Assert.Equal(Hours(1), Offset(Casablanca, "2026-03-22T02:00+00:00"));
        Assert.Equal(Hours(1), Offset(Casablanca, "2026-09-25T12:00+00:00"));
    }

    [Fact]
    public void The_deployment_zones_never_change_offset_twice_within_28_hours()
    {
        // WorkingCalendar's conversion relies on this; sampled hourly, so the measured gap is within an hour of the real one.
        foreach (var zone in new[] { Riyadh, Muscat, Tehran, Casablanca })
        {
            var previous = zone.GetUtcOffset(new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            DateTime? lastChange = null;
            for (var t = new DateTime(1990, 1, 1, 1, 0, 0, DateTimeKind.Utc); t < new DateTime(2060, 1, 1, 0, 0, 0, DateTimeKind.Utc); t = t.AddHours(1))
            {
                var offset = zone.GetUtcOffset(t);
                if (offset == previous) continue;
                Assert.True(lastChange is null || t - lastChange.Value > Hours(29), $"{zone.Id} changes at {lastChange:O} and {t:O}");
                lastChange = t;
                previous = offset;
            }
        }
    }

    // ---- Weekends of each country.

    [Fact]
    public void Saudi_thursday_afternoon_plus_two_hours_is_due_sunday_morning()
    {
        var calendar = Country("SA", Riyadh);
        AssertLocal("2026-09-20T08:30+03:00", calendar.AddWorkingTime(At("2026-09-17T13:30+03:00"), Hours(2)), Riyadh);
        Assert.Equal(Hours(2), calendar.WorkingTimeBetween(At("2026-09-17T13:30+03:00"), At("2026-09-20T08:30+03:00")));
    }

    [Fact]
    public void Saudi_request_filed_at_closing_time_starts_at_the_next_opening()
    {
        var calendar = Country("SA", Riyadh);
        AssertLocal("2026-09-20T09:30+03:00", calendar.AddWorkingTime(At("2026-09-17T14:30+03:00"), Hours(2)), Riyadh);
    }

    [Fact]
    public void The_start_may_have_any_offset_and_the_result_is_utc()
    {
        var calendar = Country("SA", Riyadh);
        AssertLocal("2026-09-20T08:30+03:00", calendar.AddWorkingTime(At("2026-09-17T10:30+00:00"), Hours(2)), Riyadh);
        AssertLocal("2026-09-20T08:30+03:00", calendar.AddWorkingTime(At("2026-09-17T06:00-04:30"), Hours(2)), Riyadh);
        AssertLocal("2026-09-20T08:30+03:00", calendar.AddWorkingTime(At("2026-09-17T14:30+04:00"), Hours(2)), Riyadh);
    }

    [Fact]
    public void The_local_date_of_the_start_is_taken_in_the_calendar_zone()
    {
        // 22:30 UTC on Saturday is already 01:30 on Sunday in Riyadh: a working day, so the clock starts at 07:30 Sunday.
        var calendar = Country("SA", Riyadh);
        AssertLocal("2026-09-20T08:30+03:00", calendar.AddWorkingTime(At("2026-09-19T22:30+00:00"), Hours(1)), Riyadh);
        // 20:30 UTC Wednesday is 23:30 Wednesday in Riyadh; one hour is due at 08:30 Thursday, not later.
        AssertLocal("2026-09-17T08:30+03:00", calendar.AddWorkingTime(At("2026-09-16T20:30+00:00"), Hours(1)), Riyadh);
    }

    [Fact]
    public void West_of_utc_the_local_date_is_earlier_than_the_utc_date()
    {
        // 21:00 on Monday in São Paulo (-03) is already Tuesday in UTC; the rest of Monday evening still counts.
        var saoPaulo = TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo");
        var calendar = new WorkingCalendar(saoPaulo, Week("mon=20:00-23:00;tue=20:00-23:00"));
        Assert.Equal(Hours(-3), saoPaulo.GetUtcOffset(At("2026-09-22T00:00+00:00")));
        AssertLocal("2026-09-21T22:00-03:00", calendar.AddWorkingTime(At("2026-09-22T00:00+00:00"), Hours(1)), saoPaulo);
        // Monday 21:00-23:00 and Tuesday 20:00-21:00.
        Assert.Equal(Hours(3), calendar.WorkingTimeBetween(At("2026-09-22T00:00+00:00"), At("2026-09-22T21:00-03:00")));
        Assert.True(calendar.IsWorkingAt(At("2026-09-22T01:30+00:00")));
    }

    [Fact]
    public void Omani_thursday_afternoon_plus_an_hour_is_due_sunday()
    {
        var calendar = Country("OM", Muscat);
        AssertLocal("2026-09-20T08:00+04:00", calendar.AddWorkingTime(At("2026-09-17T14:00+04:00"), Hours(1)), Muscat);
        // Half an hour exactly fills Thursday: due at closing, not at Sunday's opening.
        AssertLocal("2026-09-17T14:30+04:00", calendar.AddWorkingTime(At("2026-09-17T14:00+04:00"), Hours(0.5)), Muscat);
    }

    [Fact]
    public void Iranian_wednesday_afternoon_runs_into_the_thursday_half_day()
    {
        var calendar = Country("IR", Tehran);
        AssertLocal("2026-09-24T09:00+03:30", calendar.AddWorkingTime(At("2026-09-23T13:00+03:30"), Hours(3)), Tehran);
    }

    [Fact]
    public void Iranian_thursday_half_day_ends_at_noon_and_friday_is_off()
    {
        var calendar = Country("IR", Tehran);
        AssertLocal("2026-09-26T08:00+03:30", calendar.AddWorkingTime(At("2026-09-24T11:00+03:30"), Hours(2)), Tehran);
        Assert.False(calendar.IsWorkingAt(At("2026-09-24T12:30+03:30")));
        Assert.False(calendar.IsWorkingAt(At("2026-09-25T10:00+03:30")));
        Assert.True(calendar.IsWorkingAt(At("2026-09-26T07:00+03:30")));
    }

    [Fact]
    public void Moroccan_friday_afternoon_plus_an_hour_is_due_monday()
    {
        var calendar = Country("MA", Casablanca);
        AssertLocal("2026-09-28T09:00+01:00", calendar.AddWorkingTime(At("2026-09-25T16:00+01:00"), Hours(1)), Casablanca);
    }

    [Fact]
    public void Moroccan_hours_follow_the_zone_rules_around_the_ramadan_clock_change()
    {
        var calendar = Country("MA", Casablanca);
        // During the +00 weeks 08:30 local is 08:30 UTC; a fixed +01 would be an hour early.
        AssertIntervals(calendar, "2026-02-25", "2026-02-25T08:30+00:00 / 2026-02-25T16:30+00:00");
        AssertIntervals(calendar, "2026-01-15", "2026-01-15T08:30+01:00 / 2026-01-15T16:30+01:00");
        AssertLocal("2026-02-23T09:00+00:00", calendar.AddWorkingTime(At("2026-02-20T16:00+00:00"), Hours(1)), Casablanca);
        // Friday before the switch back to +01 on Sunday 2026-03-22: due Monday 09:00 local, which is 08:00 UTC.
        AssertLocal("2026-03-23T09:00+01:00", calendar.AddWorkingTime(At("2026-03-20T16:00+00:00"), Hours(1)), Casablanca);
    }

    [Fact]
    public void Casablanca_clock_change_nights_are_resolved_from_the_zone_rules()
    {
        // .NET's IsAmbiguousTime/IsInvalidTime get these nights wrong (negative summer time); the calendar does not use them.
        var calendar = new WorkingCalendar(Casablanca, Week("sun=01:30-03:30"));
        // 2026-02-15: 03:00 (+01) goes back to 02:00 (+00); 02:00-03:00 happens twice, so 01:30-03:30 lasts three hours.
        AssertIntervals(calendar, "2026-02-15", "2026-02-15T01:30+01:00 / 2026-02-15T03:30+00:00");
        Assert.Equal(Hours(3), calendar.WorkingTimeBetween(At("2026-02-15T00:00+00:00"), At("2026-02-15T06:00+00:00")));
        // 2026-03-22: 02:00 (+00) jumps to 03:00 (+01); 01:30-03:30 lasts one hour.
        AssertIntervals(calendar, "2026-03-22", "2026-03-22T01:30+00:00 / 2026-03-22T03:30+01:00");

        var skipped = new WorkingCalendar(Casablanca, Week("sun=02:30-05:00"));
        // A skipped start is the moment of the change (02:00 UTC); a repeated one is its first occurrence (+01).
        AssertIntervals(skipped, "2026-03-22", "2026-03-22T02:00+00:00 / 2026-03-22T05:00+01:00");
        AssertIntervals(skipped, "2026-02-15", "2026-02-15T02:30+01:00 / 2026-02-15T05:00+00:00");
    }

    // ---- Holidays and seasons.

    [Fact]
    public void A_holiday_is_skipped()
    {
        var plain = Country("SA", Riyadh);
        var withNationalDay = Country("SA", Riyadh, holidays: [Date("2026-09-23")]);
        var start = At("2026-09-22T13:30+03:00");
        AssertLocal("2026-09-23T08:30+03:00", plain.AddWorkingTime(start, Hours(2)), Riyadh);
        AssertLocal("2026-09-24T08:30+03:00", withNationalDay.AddWorkingTime(start, Hours(2)), Riyadh);
        Assert.Empty(withNationalDay.WorkingIntervals(Date("2026-09-23")));
        Assert.False(withNationalDay.IsWorkingAt(At("2026-09-23T10:00+03:00")));
        Assert.Equal(Hours(2), withNationalDay.WorkingTimeBetween(start, At("2026-09-24T08:30+03:00")));
        // A whole working week across the holiday: 35 - 7 hours.
        Assert.Equal(Hours(28), withNationalDay.WorkingTimeBetween(At("2026-09-19T00:00+03:00"), At("2026-09-26T00:00+03:00")));
    }

    [Fact]
    public void Ramadan_1448_starts_on_the_umm_al_qura_date_with_shorter_hours()
    {
        var ramadan = RamadanSeason(1448, CountryProfiles.Ramadan("SA"));
        Assert.Equal(Date("2027-02-08"), ramadan.From);
        Assert.Equal(Date("2027-03-08"), ramadan.To);
        var calendar = Country("SA", Riyadh, seasons: [ramadan]);

        AssertIntervals(calendar, "2027-02-07", "2027-02-07T07:30+03:00 / 2027-02-07T14:30+03:00");
        AssertIntervals(calendar, "2027-02-08", "2027-02-08T10:00+03:00 / 2027-02-08T15:00+03:00");
        AssertIntervals(calendar, "2027-03-08", "2027-03-08T10:00+03:00 / 2027-03-08T15:00+03:00");
        AssertIntervals(calendar, "2027-03-09", "2027-03-09T07:30+03:00 / 2027-03-09T14:30+03:00");
        Assert.False(calendar.IsWorkingAt(At("2027-02-08T08:00+03:00")));
        Assert.True(calendar.IsWorkingAt(At("2027-02-08T14:45+03:00")));
    }

    [Fact]
    public void A_deadline_runs_from_before_ramadan_into_ramadan_and_out_again()
    {
        var calendar = Country("SA", Riyadh, seasons: [RamadanSeason(1448, CountryProfiles.Ramadan("SA"))]);
        // One hour on Sunday before Ramadan, two from 10:00 on 1 Ramadan.
        AssertLocal("2027-02-08T12:00+03:00", calendar.AddWorkingTime(At("2027-02-07T13:30+03:00"), Hours(3)), Riyadh);
        // Thursday in Ramadan works until 15:00; the rest is due Sunday from 10:00.
        AssertLocal("2027-02-14T10:30+03:00", calendar.AddWorkingTime(At("2027-02-11T14:30+03:00"), Hours(1)), Riyadh);
        // The last day of Ramadan ends at 15:00; the next day has regular hours from 07:30.
        AssertLocal("2027-03-09T08:30+03:00", calendar.AddWorkingTime(At("2027-03-08T14:00+03:00"), Hours(2)), Riyadh);
        // Eight working hours filed the Thursday before: 1 h Thursday (to 14:30), 7 h Sunday, then 0 h left for Ramadan.
        AssertLocal("2027-02-07T14:30+03:00", calendar.AddWorkingTime(At("2027-02-04T13:30+03:00"), Hours(8)), Riyadh);
        AssertLocal("2027-02-08T10:30+03:00", calendar.AddWorkingTime(At("2027-02-04T13:30+03:00"), Hours(8.5)), Riyadh);
    }

    [Fact]
    public void When_seasons_overlap_the_later_starting_one_wins()
    {
        var wide = new CalendarSeason(Date("2026-09-01"), Date("2026-09-30"), Week("sun=09:00-10:00;mon=09:00-10:00;tue=09:00-10:00;wed=09:00-10:00;thu=09:00-10:00"));
        var narrow = new CalendarSeason(Date("2026-09-20"), Date("2026-09-21"), Week("sun=11:00-12:00;mon=11:00-12:00"));
        foreach (var seasons in new[] { new[] { wide, narrow }, new[] { narrow, wide } })
        {
            var calendar = Country("SA", Riyadh, seasons: seasons);
            AssertIntervals(calendar, "2026-09-17", "2026-09-17T09:00+03:00 / 2026-09-17T10:00+03:00");
            AssertIntervals(calendar, "2026-09-20", "2026-09-20T11:00+03:00 / 2026-09-20T12:00+03:00");
            AssertIntervals(calendar, "2026-09-22", "2026-09-22T09:00+03:00 / 2026-09-22T10:00+03:00");
            AssertIntervals(calendar, "2026-10-01", "2026-10-01T07:30+03:00 / 2026-10-01T14:30+03:00");
        }
    }

    [Fact]
    public void A_holiday_inside_a_season_is_still_a_holiday()
    {
        var calendar = Country("SA", Riyadh, seasons: [RamadanSeason(1448, CountryProfiles.Ramadan("SA"))], holidays: [Date("2027-02-09")]);
        Assert.Empty(calendar.WorkingIntervals(Date("2027-02-09")));
        AssertLocal("2027-02-10T10:30+03:00", calendar.AddWorkingTime(At("2027-02-08T14:30+03:00"), Hours(1)), Riyadh);
    }

    // ---- Outside working hours.

    [Fact]
    public void Created_at_night_the_clock_starts_at_the_next_opening()
    {
        var calendar = Country("SA", Riyadh);
        AssertLocal("2026-09-21T08:30+03:00", calendar.AddWorkingTime(At("2026-09-20T23:10+03:00"), Hours(1)), Riyadh);
        AssertLocal("2026-09-21T08:30+03:00", calendar.AddWorkingTime(At("2026-09-21T02:00+03:00"), Hours(1)), Riyadh);
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At("2026-09-20T14:30+03:00"), At("2026-09-21T07:30+03:00")));
    }

    [Fact]
    public void Created_on_the_weekend_the_clock_starts_on_the_first_working_day()
    {
        var calendar = Country("SA", Riyadh);
        AssertLocal("2026-09-20T08:30+03:00", calendar.AddWorkingTime(At("2026-09-18T22:00+03:00"), Hours(1)), Riyadh);
        // Eight working hours from Saturday: a full Sunday (7 h) and one hour of Monday.
        AssertLocal("2026-09-21T08:30+03:00", calendar.AddWorkingTime(At("2026-09-19T12:00+03:00"), Hours(8)), Riyadh);
    }

    [Fact]
    public void A_full_day_of_work_is_due_at_closing_time_not_at_the_next_opening()
    {
        var calendar = Country("SA", Riyadh);
        AssertLocal("2026-09-20T14:30+03:00", calendar.AddWorkingTime(At("2026-09-20T03:00+03:00"), Hours(7)), Riyadh);
        AssertLocal("2026-09-24T14:30+03:00", calendar.AddWorkingTime(At("2026-09-20T07:30+03:00"), Hours(35)), Riyadh);
        Assert.False(calendar.IsWorkingAt(At("2026-09-20T14:30+03:00")));
        Assert.True(calendar.IsWorkingAt(At("2026-09-20T07:30+03:00")));
    }

    [Fact]
    public void A_hundred_and_twenty_working_hours_span_the_weekends()
    {
        // 120 h of 35 h weeks: three weeks (105 h) and 15 h more, two full days and an hour.
        var calendar = Country("SA", Riyadh);
        AssertLocal("2026-10-13T08:30+03:00", calendar.AddWorkingTime(At("2026-09-20T07:30+03:00"), Hours(120)), Riyadh);
    }

    [Fact]
    public void Zero_or_negative_amounts_return_the_start_and_backwards_ranges_are_zero()
    {
        var calendar = Country("SA", Riyadh);
        var start = At("2026-09-18T22:00+03:00");
        AssertLocal("2026-09-18T22:00+03:00", calendar.AddWorkingTime(start, TimeSpan.Zero), Riyadh);
        AssertLocal("2026-09-18T22:00+03:00", calendar.AddWorkingTime(start, Hours(-3)), Riyadh);
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At("2026-09-21T12:00+03:00"), At("2026-09-21T09:00+03:00")));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At("2026-09-21T12:00+03:00"), At("2026-09-21T12:00+03:00")));
    }

    [Fact]
    public void A_calendar_without_working_time_gives_no_deadline()
    {
        var start = At("2026-09-20T07:30+03:00");
        Assert.Null(new WorkingCalendar(Riyadh, WeekSchedule.Empty).AddWorkingTime(start, Hours(1)));
        // Everything a holiday for four years: also no deadline within 1,100 days.
        var holidays = Enumerable.Range(0, 1500).Select(i => Date("2026-09-01").AddDays(i));
        Assert.Null(Country("SA", Riyadh, holidays: holidays).AddWorkingTime(start, Hours(1)));
        // 1,100 days is the limit: holidays for 1,000 days still leave a deadline after them.
        var shorter = Enumerable.Range(0, 1000).Select(i => Date("2026-09-01").AddDays(i));
        Assert.NotNull(Country("SA", Riyadh, holidays: shorter).AddWorkingTime(start, Hours(1)));
    }

    [Fact]
    public void Extreme_instants_do_not_throw()
    {
        var calendar = Country("SA", Riyadh);
        Assert.Null(calendar.AddWorkingTime(DateTimeOffset.MaxValue, Hours(1)));
        Assert.NotNull(calendar.AddWorkingTime(DateTimeOffset.MinValue, Hours(1)));
        Assert.False(calendar.IsWorkingAt(DateTimeOffset.MaxValue));
        Assert.Empty(calendar.WorkingIntervals(DateOnly.MaxValue));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(DateTimeOffset.MaxValue.AddDays(-1), DateTimeOffset.MaxValue));
    }

    // ---- Clock changes.

    [Fact]
    public void Riyadh_has_no_clock_change()
    {
        var calendar = Country("SA", Riyadh);
        AssertIntervals(calendar, "2026-03-22", "2026-03-22T07:30+03:00 / 2026-03-22T14:30+03:00");
        AssertIntervals(calendar, "2026-10-25", "2026-10-25T07:30+03:00 / 2026-10-25T14:30+03:00");
        Assert.Equal(Hours(35), calendar.WorkingTimeBetween(At("2026-03-01T00:00+03:00"), At("2026-03-08T00:00+03:00")));
    }

    [Fact]
    public void Tehran_spring_2021_working_time_across_the_clock_change()
    {
        var calendar = Country("IR", Tehran);
        AssertIntervals(calendar, "2021-03-21", "2021-03-21T07:00+03:30 / 2021-03-21T14:00+03:30");
        AssertIntervals(calendar, "2021-03-22", "2021-03-22T07:00+04:30 / 2021-03-22T14:00+04:30");
        // One hour on Sunday, two from 07:00 Monday in summer time: 09:00 (+04:30), not 08:00.
        var start = At("2021-03-21T13:00+03:30");
        AssertLocal("2021-03-22T09:00+04:30", calendar.AddWorkingTime(start, Hours(3)), Tehran);
        Assert.Equal(Hours(3), calendar.WorkingTimeBetween(start, At("2021-03-22T09:00+04:30")));
        Assert.Equal(Hours(14), calendar.WorkingTimeBetween(At("2021-03-21T00:00+03:30"), At("2021-03-23T00:00+04:30")));
    }

    [Fact]
    public void Tehran_autumn_2021_working_time_across_the_clock_change()
    {
        var calendar = Country("IR", Tehran);
        AssertIntervals(calendar, "2021-09-21", "2021-09-21T07:00+04:30 / 2021-09-21T14:00+04:30");
        AssertIntervals(calendar, "2021-09-22", "2021-09-22T07:00+03:30 / 2021-09-22T14:00+03:30");
        var start = At("2021-09-21T13:00+04:30");
        AssertLocal("2021-09-22T09:00+03:30", calendar.AddWorkingTime(start, Hours(3)), Tehran);
        Assert.Equal(Hours(3), calendar.WorkingTimeBetween(start, At("2021-09-22T09:00+03:30")));
        Assert.Equal(Hours(14), calendar.WorkingTimeBetween(At("2021-09-21T00:00+04:30"), At("2021-09-23T00:00+03:30")));
    }

    [Fact]
    public void Tehran_spans_inside_the_skipped_hour_start_at_the_change()
    {
        // Midnight of 2021-03-22 did not exist: 00:00-02:00 is one real hour starting at the change (20:30 UTC).
        var calendar = new WorkingCalendar(Tehran, Week("mon=00:00-02:00"));
        AssertIntervals(calendar, "2021-03-22", "2021-03-21T20:30+00:00 / 2021-03-22T02:00+04:30");
        Assert.Equal(Hours(1), calendar.WorkingTimeBetween(At("2021-03-21T00:00+00:00"), At("2021-03-22T12:00+00:00")));
        // A span wholly inside the skipped hour has no working time at all.
        Assert.Empty(new WorkingCalendar(Tehran, Week("mon=00:15-00:45")).WorkingIntervals(Date("2021-03-22")));
    }

    [Fact]
    public void Tehran_repeated_hour_counts_its_first_occurrence()
    {
        // 23:00-24:00 of 2021-09-21 happened twice; a span ending 23:59 ends at its first occurrence (+04:30).
        var calendar = new WorkingCalendar(Tehran, Week("tue=22:00-23:59;wed=00:00-01:00"));
        AssertIntervals(calendar, "2021-09-21", "2021-09-21T22:00+04:30 / 2021-09-21T23:59+04:30");
        AssertIntervals(calendar, "2021-09-22", "2021-09-22T00:00+03:30 / 2021-09-22T01:00+03:30");
        Assert.True(calendar.IsWorkingAt(At("2021-09-21T23:30+04:30")));
        Assert.False(calendar.IsWorkingAt(At("2021-09-21T23:30+03:30")));
        Assert.Equal(Hours(2) + TimeSpan.FromMinutes(59),
            calendar.WorkingTimeBetween(At("2021-09-21T17:00+00:00"), At("2021-09-21T22:00+00:00")));
        // Filed during the second 23:30, the clock starts at the next midnight.
        AssertLocal("2021-09-22T00:30+03:30", calendar.AddWorkingTime(At("2021-09-21T23:30+03:30"), TimeSpan.FromMinutes(30)), Tehran);
    }

    [Fact]
    public void Tehran_2023_has_no_clock_change()
    {
        var calendar = Country("IR", Tehran);
        AssertIntervals(calendar, "2023-03-22", "2023-03-22T07:00+03:30 / 2023-03-22T14:00+03:30");
        AssertIntervals(calendar, "2023-06-21", "2023-06-21T07:00+03:30 / 2023-06-21T14:00+03:30");
        AssertIntervals(calendar, "2023-09-20", "2023-09-20T07:00+03:30 / 2023-09-20T14:00+03:30");
        AssertLocal("2023-06-22T09:00+03:30", calendar.AddWorkingTime(At("2023-06-21T13:00+03:30"), Hours(3)), Tehran);
    }

    // ---- Properties over many random cases.

    public static TheoryData<string> CountryCodes() => new(CountryProfiles.Countries);

    private static TimeZoneInfo ZoneOf(string country) => country switch
    {
        "SA" => Riyadh,
        "OM" => Muscat,
        "IR" => Tehran,
        _ => Casablanca,
    };

    private static WorkingCalendar[] CalendarsFor(string country, Random random)
    {
        var ramadans = Enumerable.Range(1441, 9).Select(y => RamadanSeason(y, CountryProfiles.Ramadan(country))).ToList();
        var holidays = Enumerable.Range(0, 120).Select(_ => Date("2020-01-01").AddDays(random.Next(0, 9 * 366))).ToList();
        // Eid al-Fitr: the three days after each Ramadan, so a season ending runs into holidays.
        holidays.AddRange(ramadans.SelectMany(r => Enumerable.Range(1, 3).Select(d => r.To.AddDays(d))));
        var zone = ZoneOf(country);
        return
        [
            Country(country, zone),
            Country(country, zone, holidays: holidays),
            Country(country, zone, seasons: ramadans),
            Country(country, zone, seasons: ramadans, holidays: holidays),
        ];
    }

    private static bool InsideOrAtEndOfSpan(WorkingCalendar calendar, DateTimeOffset instant)
    {
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, calendar.Zone).DateTime);
        return Enumerable.Range(-1, 3)
            .SelectMany(d => calendar.WorkingIntervals(date.AddDays(d)))
            .Any(i => i.Start < instant && instant <= i.End);
    }

    [Theory]
    [MemberData(nameof(CountryCodes))]
    public void Adding_working_time_and_measuring_it_are_inverse(string country)
    {
        var random = new Random(20260923 + country[0] * 31 + country[1]);
        var origin = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var range = (new DateTimeOffset(2028, 12, 1, 0, 0, 0, TimeSpan.Zero) - origin).Ticks;
        foreach (var calendar in CalendarsFor(country, random))
        {
            for (var i = 0; i < 300; i++)
            {
                var start = origin.AddTicks(random.NextInt64(range)).ToOffset(TimeSpan.FromMinutes(random.Next(-12 * 4, 14 * 4 + 1) * 15));
                var amount = i % 3 == 0
                    ? TimeSpan.FromMinutes(random.Next(1, 200 * 60))
                    : TimeSpan.FromTicks(random.NextInt64(1, Hours(200).Ticks));

                var due = calendar.AddWorkingTime(start, amount);

                Assert.NotNull(due);
                Assert.Equal(TimeSpan.Zero, due.Value.Offset);
                Assert.True(due.Value > start);
                Assert.Equal(amount, calendar.WorkingTimeBetween(start, due.Value));
                Assert.True(InsideOrAtEndOfSpan(calendar, due.Value), $"{start:O} + {amount} = {due:O} is not in working time");
                Assert.True(calendar.IsWorkingAt(due.Value.AddTicks(-1)));

                // Adding in two steps lands on the same instant, and measuring is additive.
                var part = TimeSpan.FromTicks(random.NextInt64(1, amount.Ticks + 1));
                var halfway = calendar.AddWorkingTime(start, part);
                Assert.NotNull(halfway);
                Assert.Equal(due, part == amount ? halfway : calendar.AddWorkingTime(halfway.Value, amount - part));
                var middle = start.AddTicks(random.NextInt64(Math.Max(1, (due.Value - start).Ticks)));
                Assert.Equal(amount, calendar.WorkingTimeBetween(start, middle) + calendar.WorkingTimeBetween(middle, due.Value));
            }
        }
    }

    [Theory]
    [MemberData(nameof(CountryCodes))]
    public void Every_working_interval_reads_back_as_the_local_hours_of_its_date(string country)
    {
        var zone = ZoneOf(country);
        var ramadans = Enumerable.Range(1441, 9).Select(y => RamadanSeason(y, CountryProfiles.Ramadan(country))).ToList();
        var calendar = Country(country, zone, seasons: ramadans);
        for (var date = Date("2020-01-01"); date <= Date("2028-12-31"); date = date.AddDays(1))
        {
            var week = ramadans.Any(r => r.From <= date && date <= r.To) ? CountryProfiles.Ramadan(country) : CountryProfiles.Regular(country);
            var expected = week.For(date.DayOfWeek).Select(s => (date.ToDateTime(s.Start), date.ToDateTime(s.End)));
            var actual = calendar.WorkingIntervals(date)
                .Select(i => (TimeZoneInfo.ConvertTime(i.Start, zone).DateTime, TimeZoneInfo.ConvertTime(i.End, zone).DateTime));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Adding_working_time_does_not_allocate_per_minute_or_per_day()
    {
        var calendar = Country("IR", Tehran, seasons: [RamadanSeason(1447, CountryProfiles.Ramadan("IR"))], holidays: [Date("2026-03-21"), Date("2026-03-22")]);
        var start = At("2026-02-10T10:00+03:30");
        Assert.NotNull(calendar.AddWorkingTime(start, Hours(120)));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) calendar.AddWorkingTime(start.AddMinutes(i), Hours(120));
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;
        Assert.True(perCall < 64, $"{perCall} bytes per call");
    }

    // ---- Week schedules and their text form.

    [Fact]
    public void Country_profiles_have_the_government_hours()
    {
        Assert.Equal("SA,OM,IR,MA", string.Join(",", CountryProfiles.Countries));
        Assert.Equal("sun=07:30-14:30;mon=07:30-14:30;tue=07:30-14:30;wed=07:30-14:30;thu=07:30-14:30", CountryProfiles.Regular("SA").ToString());
        Assert.Equal("sun=10:00-15:00;mon=10:00-15:00;tue=10:00-15:00;wed=10:00-15:00;thu=10:00-15:00", CountryProfiles.Ramadan("SA").ToString());
        Assert.Equal("sun=07:30-14:30;mon=07:30-14:30;tue=07:30-14:30;wed=07:30-14:30;thu=07:30-14:30", CountryProfiles.Regular("OM").ToString());
        Assert.Equal("sun=09:00-14:00;mon=09:00-14:00;tue=09:00-14:00;wed=09:00-14:00;thu=09:00-14:00", CountryProfiles.Ramadan("OM").ToString());
        Assert.Equal("sun=07:00-14:00;mon=07:00-14:00;tue=07:00-14:00;wed=07:00-14:00;thu=07:00-12:00;sat=07:00-14:00", CountryProfiles.Regular("IR").ToString());
        Assert.Equal("sun=08:00-13:00;mon=08:00-13:00;tue=08:00-13:00;wed=08:00-13:00;thu=08:00-11:00;sat=08:00-13:00", CountryProfiles.Ramadan("IR").ToString());
        Assert.Equal("mon=08:30-16:30;tue=08:30-16:30;wed=08:30-16:30;thu=08:30-16:30;fri=08:30-16:30", CountryProfiles.Regular("MA").ToString());
        Assert.Equal("mon=09:00-15:00;tue=09:00-15:00;wed=09:00-15:00;thu=09:00-15:00;fri=09:00-15:00", CountryProfiles.Ramadan("MA").ToString());

        Assert.Equal(Hours(35), CountryProfiles.Regular("SA").WeeklyTotal);
        Assert.Equal(Hours(25), CountryProfiles.Ramadan("OM").WeeklyTotal);
        Assert.Equal(Hours(40), CountryProfiles.Regular("IR").WeeklyTotal);
        Assert.Equal(Hours(28), CountryProfiles.Ramadan("IR").WeeklyTotal);
        Assert.Equal(Hours(40), CountryProfiles.Regular("MA").WeeklyTotal);
        Assert.Equal(Hours(30), CountryProfiles.Ramadan("MA").WeeklyTotal);
        Assert.Empty(CountryProfiles.Regular("IR").For(DayOfWeek.Friday));
        Assert.Equal(new[] { new WorkingSpan(new TimeOnly(7, 0), new TimeOnly(12, 0)) }, CountryProfiles.Regular("IR").For(DayOfWeek.Thursday));
    }

    [Fact]
    public void Country_codes_are_case_insensitive_and_unknown_ones_throw()
    {
        Assert.Same(CountryProfiles.Regular("SA"), CountryProfiles.Regular("sa"));
        Assert.Same(CountryProfiles.Ramadan("MA"), CountryProfiles.Ramadan("Ma"));
        Assert.Throws<ArgumentException>(() => CountryProfiles.Regular("XX"));
        Assert.Throws<ArgumentException>(() => CountryProfiles.Ramadan("SAU"));
        Assert.ThrowsAny<ArgumentException>(() => CountryProfiles.Regular(null!));
    }

    [Fact]
    public void The_text_form_round_trips()
    {
        foreach (var country in CountryProfiles.Countries)
        {
            foreach (var week in new[] { CountryProfiles.Regular(country), CountryProfiles.Ramadan(country) })
            {
                Assert.True(WeekSchedule.TryParse(week.ToString(), out var parsed, out var error));
                Assert.Null(error);
                Assert.Equal(week.ToString(), parsed.ToString());
                Assert.Equal(week.WeeklyTotal, parsed.WeeklyTotal);
            }
        }
        var split = Week("sun=07:30-14:30;mon=07:30-14:30;tue=07:30-14:30;wed=07:30-14:30;thu=07:30-12:00,13:00-15:00");
        Assert.Equal("sun=07:30-14:30;mon=07:30-14:30;tue=07:30-14:30;wed=07:30-14:30;thu=07:30-12:00,13:00-15:00", split.ToString());
        Assert.Equal(Hours(34.5), split.WeeklyTotal);
    }

    [Fact]
    public void Parsing_tolerates_order_case_whitespace_and_marks()
    {
        Assert.Equal("sun=07:30-14:30;thu=07:30-12:00,13:00-15:00", Week("  THU = 13:00 - 15:00 , 7:30-12:00 ; Sun=07:30-14:30 ; ").ToString());
        Assert.Equal("sun=07:30-14:30", Week("\u200Fsun=07:30-14:30\u200F;fri=").ToString());
        // Touching spans are kept as written.
        Assert.Equal("mon=08:00-12:00,12:00-16:00", Week("mon=08:00-12:00,12:00-16:00").ToString());
    }

    [Fact]
    public void Arabic_indic_and_persian_digits_are_accepted()
    {
        Assert.Equal("sun=07:30-14:30;thu=07:30-12:00", Week("sun=٠٧:٣٠-١٤:٣٠؛thu=۰۷:۳۰-۱۲:۰۰").ToString());
        Assert.Equal("sat=07:00-12:00,13:00-14:00", Week("sat=۰۷:۰۰-۱۲:۰۰، ۱۳:۰۰-۱۴:۰۰").ToString());
    }

    [Fact]
    public void Parsing_does_not_depend_on_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            foreach (var name in new[] { "ar-SA", "fa-IR", "fr-MA", "ar-OM" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
                Assert.Equal("sun=07:30-14:30;thu=13:00-15:00", Week("sun=07:30-14:30;thu=13:00-15:00").ToString());
                Assert.Equal("sun=07:30-14:30;mon=07:30-14:30;tue=07:30-14:30;wed=07:30-14:30;thu=07:30-14:30", CountryProfiles.Regular("SA").ToString());
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("sunday=07:30-14:30")]
    [InlineData("sun 07:30-14:30")]
    [InlineData("sun=07:30")]
    [InlineData("sun=7-14")]
    [InlineData("sun=07:30-24:00")]
    [InlineData("sun=07:30-14:30:00")]
    [InlineData("sun=07:30-14:30,")]
    [InlineData("sun=14:30-07:30")]
    [InlineData("sun=07:30-07:30")]
    [InlineData("sun=07:30-14:30;sun=15:00-16:00")]
    [InlineData("sun=aa:bb-cc:dd")]
    [InlineData("garbage")]
    [InlineData("sun=07:30-12:00,11:00-15:00;xyz=08:00-09:00")]
    public void Malformed_text_is_refused_as_invalid(string text)
    {
        Assert.False(WeekSchedule.TryParse(text, out var schedule, out var error));
        Assert.Equal("Calendar.Week.Invalid", error);
        Assert.Same(WeekSchedule.Empty, schedule);
    }

    [Theory]
    [InlineData("sun=07:30-12:00,11:00-15:00")]
    [InlineData("sun=07:30-14:30;mon=08:00-10:00,09:59-11:00")]
    [InlineData("mon=08:00-16:00,09:00-10:00")]
    public void Overlapping_spans_are_refused(string text)
    {
        Assert.False(WeekSchedule.TryParse(text, out _, out var error));
        Assert.Equal("Calendar.Week.Overlap", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("fri=")]
    [InlineData("sun=;mon= ;")]
    public void A_week_without_working_time_is_refused(string? text)
    {
        Assert.False(WeekSchedule.TryParse(text, out _, out var error));
        Assert.Equal("Calendar.Week.Empty", error);
    }

    [Fact]
    public void The_error_keys_exist_in_the_resources()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "../../../../../src/Wasl.Web/Platform/Localization/Resources");
        foreach (var lang in new[] { "ar", "en", "fa", "fr" })
        {
            var text = File.ReadAllText(Path.Combine(dir, $"{lang}.json"));
            foreach (var key in new[] { WeekSchedule.InvalidKey, WeekSchedule.OverlapKey, WeekSchedule.EmptyKey })
                Assert.Contains($"\"{key}\"", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_constructor_validates_spans()
    {
        static WeekSchedule Make(params WorkingSpan[] spans) => new(new Dictionary<DayOfWeek, IReadOnlyList<WorkingSpan>> { [DayOfWeek.Monday] = spans });
        static WorkingSpan Span(int h1, int m1, int h2, int m2) => new(new TimeOnly(h1, m1), new TimeOnly(h2, m2));

        Assert.Equal("mon=08:00-12:00,13:00-15:00", Make(Span(8, 0, 12, 0), Span(13, 0, 15, 0)).ToString());
        Assert.Throws<ArgumentException>(() => Make(Span(13, 0, 15, 0), Span(8, 0, 12, 0)));
        Assert.Throws<ArgumentException>(() => Make(Span(8, 0, 12, 0), Span(11, 0, 15, 0)));
        Assert.Throws<ArgumentException>(() => Make(Span(8, 0, 8, 0)));
        Assert.Throws<ArgumentException>(() => Make(Span(9, 0, 8, 0)));
        Assert.Throws<ArgumentException>(() => Make(new WorkingSpan(new TimeOnly(8, 0, 30), new TimeOnly(9, 0))));
        Assert.Throws<ArgumentException>(() => new WeekSchedule(new Dictionary<DayOfWeek, IReadOnlyList<WorkingSpan>> { [(DayOfWeek)7] = [Span(8, 0, 9, 0)] }));
        Assert.Equal("", WeekSchedule.Empty.ToString());
        Assert.Equal(TimeSpan.Zero, WeekSchedule.Empty.WeeklyTotal);
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(Riyadh, WeekSchedule.Empty, [new CalendarSeason(Date("2026-02-02"), Date("2026-02-01"), WeekSchedule.Empty)]));
    }

    // ---- Dates typed in the Hijri calendars.

    [Fact]
    public void First_of_ramadan_1448_umm_al_qura_is_8_february_2027()
    {
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, 1448, 9, 1, out var date));
        Assert.Equal(new DateOnly(2027, 2, 8), date);
        Assert.Equal(new UmAlQuraCalendar().ToDateTime(1448, 9, 1, 0, 0, 0, 0), date.ToDateTime(TimeOnly.MinValue));
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, 1448, 9, 29, out var last));
        Assert.Equal(new DateOnly(2027, 3, 8), last);
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, 1447, 9, 30, out var last1447));
        Assert.Equal(new DateOnly(2026, 3, 19), last1447);
    }

    [Fact]
    public void First_of_farvardin_1405_is_21_march_2026()
    {
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.SolarHijri, 1405, 1, 1, out var date));
        Assert.Equal(new DateOnly(2026, 3, 21), date);
        // 1403 is a leap year: Esfand has 30 days.
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.SolarHijri, 1403, 12, 30, out var leap));
        Assert.Equal(new DateOnly(2025, 3, 20), leap);
    }

    [Fact]
    public void Gregorian_dates_pass_through()
    {
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.Gregorian, 2026, 9, 23, out var date));
        Assert.Equal(new DateOnly(2026, 9, 23), date);
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.Gregorian, 2028, 2, 29, out _));
    }

    [Fact]
    public void The_umm_al_qura_range_edges_are_1318_to_1500()
    {
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, 1318, 1, 1, out var first));
        Assert.Equal(new DateOnly(1900, 4, 30), first);
        Assert.True(HijriDates.TryToGregorian(CalendarPreference.UmAlQura, 1500, 12, 30, out var last));
        Assert.Equal(new DateOnly(2077, 11, 16), last);
    }

    [Theory]
    [InlineData(CalendarPreference.UmAlQura, 1448, 9, 30)]   // Ramadan 1448 has 29 days
    [InlineData(CalendarPreference.UmAlQura, 1448, 13, 1)]
    [InlineData(CalendarPreference.UmAlQura, 1448, 0, 1)]
    [InlineData(CalendarPreference.UmAlQura, 1448, 9, 0)]
    [InlineData(CalendarPreference.UmAlQura, 1317, 12, 29)]  // before the supported range
    [InlineData(CalendarPreference.UmAlQura, 1501, 1, 1)]    // after it
    [InlineData(CalendarPreference.UmAlQura, -5, 1, 1)]
    [InlineData(CalendarPreference.SolarHijri, 1404, 12, 30)] // 1404 is not a leap year
    [InlineData(CalendarPreference.SolarHijri, 1405, 7, 31)]  // Mehr has 30 days
    [InlineData(CalendarPreference.SolarHijri, 0, 1, 1)]
    [InlineData(CalendarPreference.SolarHijri, 9379, 1, 1)]
    [InlineData(CalendarPreference.Gregorian, 2026, 2, 29)]
    [InlineData(CalendarPreference.Gregorian, 2026, 4, 31)]
    [InlineData(CalendarPreference.Gregorian, 10000, 1, 1)]
    [InlineData(CalendarPreference.Gregorian, 0, 1, 1)]
    [InlineData((CalendarPreference)9, 2026, 1, 1)]
    public void Dates_that_do_not_exist_are_refused(object calendar, int year, int month, int day)
    {
        Assert.False(HijriDates.TryToGregorian((CalendarPreference)calendar, year, month, day, out var date));
        Assert.Equal(default, date);
    }
}
