using Wasl.Web.Platform.Identity;

namespace Wasl.Web.Platform.Deadlines;

/// <summary>
/// A unit's own working calendar. Units without one inherit their nearest ancestor's; the deployment's country
/// profile and time zone apply when no unit up to the root has one.
/// </summary>
internal sealed class UnitCalendar
{
    public int Id { get; set; }
    public int UnitId { get; set; }

    /// <summary>The country profile the week was started from (SA, OM, IR, MA): kept to offer its Ramadan hours.</summary>
    public string Country { get; set; } = "SA";

    /// <summary>IANA time zone id, e.g. Asia/Riyadh.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>The regular week in WeekSchedule text form.</summary>
    public string Week { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }
    public List<CalendarSeasonEntry> Seasons { get; set; } = [];
    public List<CalendarHoliday> Holidays { get; set; } = [];
}

/// <summary>A period with its own hours (Ramadan, summer), inclusive local dates stored Gregorian.</summary>
internal sealed class CalendarSeasonEntry
{
    public int Id { get; set; }
    public int CalendarId { get; set; }
    public string Name { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public string Week { get; set; } = "";

    /// <summary>The calendar the administrator typed the dates in, to show them back the same way.</summary>
    public CalendarPreference EnteredIn { get; set; }
}

/// <summary>A public holiday (one day or a range, inclusive local dates stored Gregorian), entered Gregorian or Hijri.</summary>
internal sealed class CalendarHoliday
{
    public int Id { get; set; }
    public int CalendarId { get; set; }
    public string Name { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public CalendarPreference EnteredIn { get; set; }
}
