using System.Globalization;
using Wasl.Web.Platform.Identity;

namespace Wasl.Web.Platform.Deadlines;

/// <summary>
/// Dates that admins type in the calendar they read (a holiday on 1 Shawwal, Ramadan from 1 Ramadan, Nowruz on
/// 1 Farvardin) turned into the Gregorian dates the working calendar uses. Umm al-Qura is the official Saudi calendar;
/// .NET's tables cover 1318–1500 AH (1900–2077), and a date outside them is refused rather than guessed.
/// </summary>
internal static class HijriDates
{
    private static readonly CalendarRange Gregorian = new(new GregorianCalendar());
    private static readonly CalendarRange UmAlQura = new(new UmAlQuraCalendar());
    private static readonly CalendarRange Persian = new(new PersianCalendar());

    /// <summary>False when the date does not exist (30 in a 29-day month, month 13) or is outside the calendar's range.</summary>
    public static bool TryToGregorian(CalendarPreference calendar, int year, int month, int day, out DateOnly date)
    {
        var range = calendar switch
        {
            CalendarPreference.Gregorian => Gregorian,
            CalendarPreference.UmAlQura => UmAlQura,
            CalendarPreference.SolarHijri => Persian,
            _ => null,
        };
        date = default;
        return range is not null && range.TryToGregorian(year, month, day, out date);
    }

    /// <summary>A calendar with its first and last supported dates in its own terms, checked before converting so nothing throws.</summary>
    private sealed class CalendarRange
    {
        private readonly Calendar _calendar;
        private readonly (int Year, int Month, int Day) _first;
        private readonly (int Year, int Month, int Day) _last;

        public CalendarRange(Calendar calendar)
        {
            _calendar = calendar;
            _first = Parts(calendar, calendar.MinSupportedDateTime);
            _last = Parts(calendar, calendar.MaxSupportedDateTime);
        }

        public bool TryToGregorian(int year, int month, int day, out DateOnly date)
        {
            date = default;
            var parts = (year, month, day);
            if (Compare(parts, _first) < 0 || Compare(parts, _last) > 0) return false;
            if (month < 1 || month > _calendar.GetMonthsInYear(year)) return false;
            if (day < 1 || day > _calendar.GetDaysInMonth(year, month)) return false;
            date = DateOnly.FromDateTime(_calendar.ToDateTime(year, month, day, 0, 0, 0, 0));
            return true;
        }

        private static (int, int, int) Parts(Calendar calendar, DateTime value) =>
            (calendar.GetYear(value), calendar.GetMonth(value), calendar.GetDayOfMonth(value));

        private static int Compare((int Year, int Month, int Day) a, (int Year, int Month, int Day) b) =>
            a.Year != b.Year ? a.Year.CompareTo(b.Year) : a.Month != b.Month ? a.Month.CompareTo(b.Month) : a.Day.CompareTo(b.Day);
    }
}
