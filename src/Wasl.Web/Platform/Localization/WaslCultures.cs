using System.Globalization;

namespace Wasl.Web.Platform.Localization;

/// <summary>
/// The request cultures. Each is a clone whose calendar is Gregorian: under ar-SA an ISO date does not parse and under
/// fa-IR it silently becomes year 2647 (research/anchors-ux-security.md §2.2). Hijri and Solar Hijri are display-only
/// (see <see cref="DateDisplay"/>).
/// </summary>
internal static class WaslCultures
{
    public static IReadOnlyList<CultureInfo> All { get; } = [.. TextCatalog.Languages.Select(Create)];

    public static CultureInfo Get(string language) =>
        All.FirstOrDefault(c => c.Name == language) ?? All[0];

    public static bool IsSupported(string? language) => language is not null && All.Any(c => c.Name == language);

    public static bool IsRightToLeft(CultureInfo culture) => culture.TextInfo.IsRightToLeft;

    private static CultureInfo Create(string name)
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo(name).Clone();
        if (culture.DateTimeFormat.Calendar is not GregorianCalendar)
        {
            var gregorian = culture.OptionalCalendars.OfType<GregorianCalendar>().FirstOrDefault() ?? new GregorianCalendar();
            culture.DateTimeFormat.Calendar = gregorian;
        }
        return CultureInfo.ReadOnly(culture);
    }
}
