using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Wasl.Web.Platform.Identity;

namespace Wasl.Web.Platform.Localization;

/// <summary>
/// Shows stored UTC instants in the deployment's time zone and in the reader's calendar. Machine formats never pass
/// through here: they use the invariant culture. Numbers are Western digits, day/month/year, with the era mark
/// (هـ / م / ه.ش) from the resources; Umm al-Qura outside its range (1900–2077) falls back to Gregorian.
/// </summary>
internal sealed class DateDisplay(IOptions<DeploymentOptions> options, IStringLocalizer<SharedResource> text)
{
    private static readonly UmAlQuraCalendar UmAlQura = new();
    private static readonly PersianCalendar Persian = new();
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public TimeZoneInfo Zone => _zone;

    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone).DateTime;

    public static (int Year, int Month, int Day) Parts(DateTime local, CalendarPreference calendar) => calendar switch
    {
        CalendarPreference.UmAlQura when local >= UmAlQura.MinSupportedDateTime && local <= UmAlQura.MaxSupportedDateTime =>
            (UmAlQura.GetYear(local), UmAlQura.GetMonth(local), UmAlQura.GetDayOfMonth(local)),
        CalendarPreference.SolarHijri => (Persian.GetYear(local), Persian.GetMonth(local), Persian.GetDayOfMonth(local)),
        _ => (local.Year, local.Month, local.Day),
    };

    public DisplayedDate Date(DateTimeOffset instant, CalendarPreference calendar)
    {
        var local = ToLocal(instant);
        var effective = calendar == CalendarPreference.UmAlQura && (local < UmAlQura.MinSupportedDateTime || local > UmAlQura.MaxSupportedDateTime)
            ? CalendarPreference.Gregorian
            : calendar;
        var (y, m, d) = Parts(local, effective);
        var numeric = string.Create(CultureInfo.InvariantCulture, $"{d:00}/{m:00}/{y:0000}");
        return new DisplayedDate(numeric, text[$"Calendar.Era.{effective}"], local.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture), effective);
    }

    public DisplayedDate DateTime(DateTimeOffset instant, CalendarPreference calendar)
    {
        var date = Date(instant, calendar);
        var local = ToLocal(instant);
        return date with { Numeric = date.Numeric + " " + local.ToString("HH:mm", CultureInfo.InvariantCulture) };
    }
}

/// <summary>A date ready to show: the numeric part must be isolated (bdi dir=ltr) inside right-to-left text.</summary>
internal sealed record DisplayedDate(string Numeric, string Era, string MachineValue, CalendarPreference Calendar);
